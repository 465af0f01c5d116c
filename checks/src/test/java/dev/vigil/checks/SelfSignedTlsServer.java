package dev.vigil.checks;

import dev.vigil.testkit.SelfSignedKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS server on a loopback port whose self-signed certificate (made with the JDK's keytool) names
 * {@code localhost} and 127.0.0.1 and expires in a given number of days. It completes each handshake
 * and hangs up; {@link #trust()} trusts its certificate and nothing else.
 */
final class SelfSignedTlsServer implements AutoCloseable {
    private final SSLServerSocket server;
    private final SelfSignedKeys keys;
    private final AtomicInteger handshakes = new AtomicInteger();

    SelfSignedTlsServer(Path dir, int validDays) throws IOException, GeneralSecurityException, InterruptedException {
        keys = new SelfSignedKeys(dir, "localhost", "dns:localhost,ip:127.0.0.1", validDays);
        server = keys.serverSocket();
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
        return ProbeContext.trusting(keys.trustStore());
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
