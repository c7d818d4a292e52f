package io.proteus.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, bundled by the {@code console} module under {@code console/} on the class path. Paths with
 * {@code ..}, backslashes or empty segments are refused; {@code /console/} is {@code index.html}.
 */
final class ConsoleFiles {

    /** URL prefix of the console. */
    static final String PREFIX = "/console/";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "map", "application/json");

    /**
     * A file of the console.
     *
     * @param bytes the content
     * @param contentType its media type
     * @param immutable whether the name carries a content hash (Vite's assets), so it may be cached for good
     */
    record ConsoleFile(byte[] bytes, String contentType, boolean immutable) {
    }

    private ConsoleFiles() {
    }

    static Optional<ConsoleFile> find(String path) throws IOException {
        String relative = path.substring(PREFIX.length());
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        if (relative.contains("..") || relative.contains("\\") || relative.contains("//") || relative.startsWith("/")) {
            return Optional.empty();
        }
        int dot = relative.lastIndexOf('.');
        String contentType = dot < 0 ? null : CONTENT_TYPES.get(relative.substring(dot + 1));
        if (contentType == null) {
            return Optional.empty();
        }
        try (InputStream input = ConsoleFiles.class.getClassLoader().getResourceAsStream("console/" + relative)) {
            if (input == null) {
                return Optional.empty();
            }
            return Optional.of(new ConsoleFile(input.readAllBytes(), contentType, relative.startsWith("assets/")));
        }
    }

    /** Whether the console is on the class path (the {@code console} module was built). */
    static boolean available() {
        return ConsoleFiles.class.getClassLoader().getResource("console/index.html") != null;
    }
}
