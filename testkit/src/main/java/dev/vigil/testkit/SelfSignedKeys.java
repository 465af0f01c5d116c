package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A self-signed EC key and certificate made with the JDK's keytool, for TLS servers in tests: the
 * certificate names {@code commonName}, carries {@code subjectAltNames} (keytool's {@code san=} list,
 * such as {@code dns:localhost,ip:127.0.0.1}) and is valid for {@code validDays}.
 */
public final class SelfSignedKeys {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "server";

    private final KeyStore keys;

    public SelfSignedKeys(Path dir, String commonName, String subjectAltNames, int validDays)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path store = Files.createTempFile(dir, "keys-", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(validDays),
                "-dname", "CN=" + commonName, "-ext", "san=" + subjectAltNames, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
    }

    /** A server socket on a free loopback port presenting this certificate. */
    public SSLServerSocket serverSocket() throws GeneralSecurityException, IOException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    /** A key store that trusts this certificate and nothing else. */
    public KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
        return trusted;
    }
}
