package io.photonflow.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Sync markers of Avro container files, derived from what a file holds instead of drawn at random
 * (Avro's default): two runs that write the same records write the same bytes. The marker is the
 * MD5 of the schema's canonical form and of the content given, 16 bytes as Avro requires; being a
 * hash, it is as unlikely to occur inside the data as a random marker.
 */
public final class SyncMarkers {

    private SyncMarkers() {}

    /** The marker of a file of {@code schema} holding exactly {@code content}. */
    public static byte[] of(Schema schema, byte[] content) {
        MessageDigest md5 = md5();
        md5.update(SchemaNormalization.toParsingForm(schema).getBytes(StandardCharsets.UTF_8));
        md5.update(content);
        return md5.digest();
    }

    /**
     * The marker of a file of {@code schema} named {@code fileName} whose records are not known
     * when it is created (a stream written as it comes).
     */
    public static byte[] of(Schema schema, String fileName) {
        return of(schema, fileName.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
