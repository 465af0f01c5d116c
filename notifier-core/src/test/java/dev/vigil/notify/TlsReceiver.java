package dev.vigil.notify;

import dev.vigil.testkit.SelfSignedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An https receiver on a loopback port with a certificate for {@code hostName} alone (made with the
 * JDK's keytool), answering 204 to each request and recording the SNI name and the request head it got.
 * {@link #clientTls()} trusts that certificate and nothing else.
 */
final class TlsReceiver implements AutoCloseable {
    private final SSLServerSocket server;
    private final SelfSignedKeys keys;
    final List<String> serverNames = new CopyOnWriteArrayList<>();
    final List<String> heads = new CopyOnWriteArrayList<>();

    TlsReceiver(Path dir, String hostName) throws IOException, GeneralSecurityException, InterruptedException {
        keys = new SelfSignedKeys(dir, hostName, "dns:" + hostName, 2);
        server = keys.serverSocket();
        Thread acceptor = new Thread(this::serve, "tls-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** A client TLS factory that trusts only this receiver's certificate. */
    SSLSocketFactory clientTls() throws GeneralSecurityException, IOException {
        KeyStore trusted = keys.trustStore();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                for (SNIServerName name : ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames()) {
                    serverNames.add(((SNIHostName) name).getAsciiName());
                }
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                heads.add(head.toString());
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException failedHandshake) {
                // A client that refused the certificate; wait for the next one.
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
