package org.ross.core;

import java.util.ArrayList;
import java.util.List;

/** A progress monitor for tests: keeps every message in order and never cancels. */
public final class RecordingMonitor implements ProgressMonitor {

    private final List<String> messages = new ArrayList<>();

    @Override
    public void progress(double fraction, String message) {
        messages.add(message);
    }

    @Override
    public void checkCancelled() {
    }

    public List<String> messages() {
        return messages;
    }
}
