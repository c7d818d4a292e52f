package io.proteus.server.security;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate chain and private key (PEM files; the key in PKCS#8, {@code BEGIN PRIVATE KEY}) that the Flight SQL
 * endpoint and the HTTP server present when TLS is on.
 *
 * @param certificateChain the PEM certificate chain
 * @param privateKey the PEM private key
 */
public record TlsSettings(Path certificateChain, Path privateKey) {

    public TlsSettings {
        requireNonNull(certificateChain, "certificateChain");
        requireNonNull(privateKey, "privateKey");
        if (!Files.isReadable(certificateChain)) {
            throw new IllegalArgumentException("TLS certificate file " + certificateChain + " is not readable");
        }
        if (!Files.isReadable(privateKey)) {
            throw new IllegalArgumentException("TLS key file " + privateKey + " is not readable");
        }
    }
}
