package org.ross.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void badInputAndUnreadableFilesShowTheirMessageAlone() {
        assertEquals("bad.json: invalid JSON",
                Causes.describe(new IllegalArgumentException("bad.json: invalid JSON")));
        assertEquals("cannot read x.png: gone",
                Causes.describe(new UncheckedIOException("cannot read x.png: gone", new IOException())));
    }

    @Test
    void defectsKeepTheirTypeInFront() {
        assertEquals("IllegalStateException: oops", Causes.describe(new IllegalStateException("oops")));
        assertEquals("NullPointerException", Causes.describe(new NullPointerException()));
        assertEquals("IllegalArgumentException", Causes.describe(new IllegalArgumentException()));
    }
}
