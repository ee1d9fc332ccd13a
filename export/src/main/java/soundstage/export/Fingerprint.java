package soundstage.export;

import static java.util.Objects.requireNonNull;

/**
 * What a partition's rows were when its file was written, computed inside the warehouse: two
 * partitions with the same fingerprint hold the same rows (up to a 64-bit hash collision).
 *
 * @param rows how many rows
 * @param hash an order-independent hash of the rows' values, prefixed with the dialect that
 *     computed it (each dialect hashes differently, so fingerprints of two dialects never match)
 */
record Fingerprint(long rows, String hash) {
    Fingerprint {
        requireNonNull(hash, "hash is null");
    }
}
