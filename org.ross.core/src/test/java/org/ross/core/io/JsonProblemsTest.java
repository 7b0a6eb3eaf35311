package org.ross.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unclosedObjectSaysWhereItWasOpened() {
        var e = assertThrows(JsonProcessingException.class, () -> JSON.readTree("[1,\n {\"a\": 2"));
        assertEquals("Unexpected end-of-input: expected close marker for Object opened at line 2, column 2",
                JsonProblems.message(e));
    }

    @Test
    void otherMessagesPassUnchanged() {
        var e = assertThrows(JsonProcessingException.class, () -> JSON.readTree("{\"a\": }"));
        assertEquals(e.getOriginalMessage(), JsonProblems.message(e));
        assertEquals("Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')", JsonProblems.message(e));
    }
}
