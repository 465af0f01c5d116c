package dev.vigil.checks;

import dev.vigil.domain.OutboundRules;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code tls}: a TLS handshake with {@code host}:{@code port} (default 443), the host name as SNI, and
 * nothing sent after it. The server's certificate is read even when it is not trusted, so that an
 * expired or self-signed one is measured rather than a bare failure. Measures {@code connected} (the
 * handshake completed), {@code latencyMs}, {@code certificateDays} (whole days until the certificate
 * expires, negative once it has), {@code certificateTrusted} (its chain is trusted and it names the
 * host), {@code certificateProblem} (why not), {@code certificateExpiresAt}, {@code certificateSubject}
 * and {@code certificateIssuer}. The defaults warn under 21 days and fail under 7: an inverse
 * threshold, written {@code certificateDays > 21}.
 */
final class TlsCheck implements CheckType, Probe {
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true", "certificateTrusted == true",
            "certificateDays > 7", "warn: certificateDays > 21");

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("host", "port");
    }

    @Override
    public void validate(Settings settings) {
        TcpCheck.host(settings);
        TcpCheck.port(settings, 443);
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "latencyMs", ValueKind.NUMBER, "certificateDays", ValueKind.NUMBER,
                "certificateTrusted", ValueKind.BOOLEAN, "certificateProblem", ValueKind.STRING,
                "certificateExpiresAt", ValueKind.STRING, "certificateSubject", ValueKind.STRING,
                "certificateIssuer", ValueKind.STRING);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused, GeneralSecurityException {
        String host = TcpCheck.host(call.settings());
        int port = TcpCheck.port(call.settings(), 443);
        String name = host.replaceAll("^\\[|\\]$", "");
        Recording trust = new Recording(call.outbound().trust());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        Measurement.Builder measurement = Measurement.builder();
        long start = System.nanoTime();
        try (Socket socket = call.outbound().connect(host, port, call.deadline());
             SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, name, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (OutboundRules.literal(name.toLowerCase(Locale.ROOT)).isEmpty()) {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(call.remainingMillis());
            tls.startHandshake();
            measurement.flag("connected", true).number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (IOException e) {
            measurement.flag("connected", false).problem(Outbound.describe(e, host + ":" + port));
        }
        trust.leaf.ifPresent(certificate -> {
            Instant expires = certificate.getNotAfter().toInstant();
            long hours = Duration.between(call.context().clock().instant(), expires).toHours();
            measurement.number("certificateDays", Math.floorDiv(hours, 24))
                    .text("certificateExpiresAt", expires.toString())
                    .text("certificateSubject", certificate.getSubjectX500Principal().getName())
                    .text("certificateIssuer", certificate.getIssuerX500Principal().getName())
                    .flag("certificateTrusted", trust.problem.isEmpty());
            trust.problem.ifPresent(p -> measurement.text("certificateProblem", p));
        });
        return measurement.build();
    }

    /**
     * Records the server's certificate and whether the run's trust accepts it (chain and host name), and
     * lets the handshake go on either way: the certificate is measured, nothing is sent over it.
     */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private Optional<X509Certificate> leaf = Optional.empty();
        private Optional<String> problem = Optional.empty();

        Recording(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        private void record(X509Certificate[] chain, CheckedTrust check) {
            if (chain != null && chain.length > 0) {
                leaf = Optional.of(chain[0]);
            }
            try {
                check.run();
            } catch (CertificateException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                problem = Optional.of(message.length() > 160 ? message.substring(0, 160) : message);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            record(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            record(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            record(chain, () -> delegate.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a check is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a check is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a check is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        @FunctionalInterface
        private interface CheckedTrust {
            void run() throws CertificateException;
        }
    }
}
