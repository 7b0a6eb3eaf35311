package org.ross.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class NodeFailedExceptionTest {

    @Test
    void badInputAndUnreadableFilesShowTheirMessageAlone() {
        assertEquals("bad.json: invalid JSON",
                NodeFailedException.describe(new IllegalArgumentException("bad.json: invalid JSON")));
        assertEquals("cannot read x.png: gone",
                NodeFailedException.describe(new UncheckedIOException("cannot read x.png: gone", new IOException())));
    }

    @Test
    void defectsKeepTheirTypeInFront() {
        assertEquals("IllegalStateException: oops", NodeFailedException.describe(new IllegalStateException("oops")));
        assertEquals("NullPointerException", NodeFailedException.describe(new NullPointerException()));
        assertEquals("IllegalArgumentException", NodeFailedException.describe(new IllegalArgumentException()));
    }
}
