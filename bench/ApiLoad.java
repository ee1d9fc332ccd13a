// Load test of the dashboard's JSON API: CLIENTS concurrent clients on loopback, each sending
// requests back to back; prints each phase's latency percentiles and throughput. No dependencies:
// run with the JDK's source launcher, `java bench/ApiLoad.java BASE_URL [CLIENTS] [REQUESTS]`
// (bench/serve.sh does). After a warm-up (2,000 requests to /api/summary), two phases:
//   dashboard  - the requests the dashboard page makes on its default view (overview and top
//                songs over every day): what a room of people looking at the dashboard asks.
//   ranges     - overview and top songs over a random date range and source for every request
//                (from a fixed seed), so nearly every answer is computed afresh, not reused.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ApiLoad {
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String summary = get(http, base.resolve("/api/summary")).body();
        List<LocalDate> days = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"(first_day|last_day)\":\"([0-9-]+)\"").matcher(summary);
        while (matcher.find()) {
            days.add(LocalDate.parse(matcher.group(2)));
        }
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        long span = last.toEpochDay() - first.toEpochDay();
        System.out.printf("data: %s to %s (%d days); %d clients, %d requests each per endpoint and phase%n", first, last, span + 1, clients, requests);

        // Warm-up, not measured: the JIT compiles the server's and this client's paths.
        for (int i = 0; i < 2000; i++) {
            get(http, base.resolve("/api/summary"));
        }
        for (String endpoint : List.of("overview", "top-songs")) {
            String fixed = "/api/" + endpoint + "?from=" + first + "&to=" + last + "&source=all" + (endpoint.equals("top-songs") ? "&limit=10" : "");
            get(http, base.resolve(fixed));   // the first client of the day computes it
            run("dashboard", endpoint, clients, requests, http, client -> base.resolve(fixed));
            run("ranges", endpoint, clients, requests, http, client -> {
                Random random = client.random;
                long a = random.nextLong(span + 1);
                long b = random.nextLong(span + 1);
                String source = List.of("all", "sparkify", "spotify").get(random.nextInt(3));
                return base.resolve("/api/" + endpoint + "?from=" + first.plusDays(Math.min(a, b)) + "&to=" + first.plusDays(Math.max(a, b))
                        + "&source=" + source + (endpoint.equals("top-songs") ? "&limit=10" : ""));
            });
        }
    }

    interface Target {
        URI next(Client client);
    }

    static final class Client {
        final Random random;
        Client(long seed) {
            random = new Random(seed);
        }
    }

    static void run(String phase, String endpoint, int clients, int requests, HttpClient http, Target target) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(1000 + c);
            futures.add(pool.submit(() -> {
                long[] nanos = new long[requests];
                for (int i = 0; i < requests; i++) {
                    URI uri = target.next(client);
                    long t = System.nanoTime();
                    HttpResponse<String> response = get(http, uri);
                    nanos[i] = System.nanoTime() - t;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(uri + ": HTTP " + response.statusCode() + " " + response.body());
                    }
                }
                return nanos;
            }));
        }
        long[] all = new long[clients * requests];
        int n = 0;
        for (Future<long[]> future : futures) {
            for (long value : future.get()) {
                all[n++] = value;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf("%-9s %-10s requests %6d  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %7.0f req/s%n",
                phase, endpoint, all.length, ms(all, 0.50), ms(all, 0.95), ms(all, 0.99), all[all.length - 1] / 1e6, all.length / seconds);
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
