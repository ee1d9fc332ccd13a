package soundstage.core;

/** What a Java string may hold that text elsewhere cannot. */
public final class Utf16 {
    private Utf16() {
    }

    /**
     * Where {@code text} holds a lone UTF-16 surrogate (a JSON "\\ud800" escape without its pair):
     * half a character, which UTF-8 cannot encode (PostgreSQL stored it as "?"); -1 for none.
     */
    public static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
