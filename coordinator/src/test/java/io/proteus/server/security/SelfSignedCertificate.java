package io.proteus.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's keytool and written as PEM files
 * (certificate, and the key in PKCS#8) as {@code --tls-cert} and {@code --tls-key} expect.
 *
 * @param certificate the PEM certificate file
 * @param privateKey the PEM private key file
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    private static final char[] PASSWORD = "test-only".toCharArray();

    /** Generates the certificate in {@code directory}. */
    public static SelfSignedCertificate generate(Path directory) throws IOException, InterruptedException, GeneralSecurityException {
        Path keyStore = directory.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "proteus", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream input = Files.newInputStream(keyStore)) {
            store.load(input, PASSWORD);
        }
        Key key = store.getKey("proteus", PASSWORD);
        Certificate certificate = store.getCertificate("proteus");
        Path certificateFile = Files.writeString(directory.resolve("tls-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        // Key.getEncoded() of an RSA private key is PKCS#8 DER.
        Path keyFile = Files.writeString(directory.resolve("tls-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        return new SelfSignedCertificate(certificateFile, keyFile);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** An SSL context trusting only this certificate. */
    public SSLContext trustingContext() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream input = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("proteus", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(input));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }
}
