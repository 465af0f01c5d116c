package dev.vigil.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS server on a loopback port whose self-signed certificate (made with the JDK's keytool) names
 * {@code localhost} and 127.0.0.1 and expires in a given number of days. It completes each handshake
 * and hangs up; {@link #trust()} trusts its certificate and nothing else.
 */
final class SelfSignedTlsServer implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final SSLServerSocket server;
    private final KeyStore keys;
    private final AtomicInteger handshakes = new AtomicInteger();

    SelfSignedTlsServer(Path dir, int validDays) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("server-" + validDays + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(validDays),
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
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
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "self-signed-tls");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Handshakes completed so far, after waiting up to 5 s for {@code expected} of them: the server side
     * of a handshake may finish just after the client's.
     */
    int handshakes(int expected) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (handshakes.get() < expected && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return handshakes.get();
    }

    /** Trusts this server's certificate alone. */
    X509ExtendedTrustManager trust() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        return ProbeContext.trusting(trusted);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                handshakes.incrementAndGet();
            } catch (IOException failed) {
                // A client that hung up mid-handshake; wait for the next one.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
