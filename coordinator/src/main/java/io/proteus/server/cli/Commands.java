package io.proteus.server.cli;

import io.proteus.server.tpcds.ProteusTarget;
import java.io.PrintWriter;

/** Helpers of the commands. */
final class Commands {

    private Commands() {}

    /**
     * Stops a target; a failure (such as Arrow memory still allocated when the embedded cluster stops) is reported as
     * a warning, since the command's own result is already printed.
     */
    static void stop(ProteusTarget target, PrintWriter err) {
        try {
            target.close();
        } catch (RuntimeException e) {
            err.println("warning: stopping " + target.description() + " failed: " + e.getMessage());
            err.flush();
        }
    }
}
