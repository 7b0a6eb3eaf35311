package org.ross.core.score;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of recently seen (image, question) pairs, so that a table that repeats an image in many
 * rows (a QA table has one row per question) scores it once, and identical rows get bit-identical
 * scores. Least recently used entries are dropped beyond {@code capacity}.
 */
final class ScoreCache {

    private final Map<String, ReconstructionScorer.Scored> entries;

    ScoreCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReconstructionScorer.Scored> eldest) {
                return size() > capacity;
            }
        };
    }

    /** SHA-256 of the image bytes, plus the question (null = the default prompt). */
    static String key(byte[] image, String question) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)) + "|"
                    + (question == null ? "" : "q:" + question);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    boolean contains(String key) {
        return entries.containsKey(key);
    }

    ReconstructionScorer.Scored get(String key) {
        return entries.get(key);
    }

    void put(String key, ReconstructionScorer.Scored scored) {
        entries.put(key, scored);
    }
}
