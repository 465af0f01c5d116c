package dev.vigil.checks;

import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.Env;
import dev.vigil.store.ApplicationStore;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What probes share, built once per container: the clock, how host names are looked up, which
 * certificates are trusted, whether {@value OutboundRules#ALLOW_PRIVATE} allows private targets for
 * every check (the local runner and tests), the DynamoDB client the freshness check reads with and the
 * tables it must never read (Vigil's own), and the application store the heartbeats check rolls up.
 */
public record ProbeContext(
        Clock clock,
        OutboundRules.Resolver resolver,
        X509ExtendedTrustManager trust,
        boolean privateAllowedBySetting,
        Optional<DynamoDbClient> dynamo,
        Set<String> refusedTables,
        Optional<ApplicationStore> applications) {

    public ProbeContext {
        refusedTables = Set.copyOf(refusedTables);
    }

    /**
     * The system's DNS and trust store, private targets as {@value OutboundRules#ALLOW_PRIVATE} says
     * (default false), no DynamoDB and no application store.
     */
    public static ProbeContext fromEnv(Env env, Clock clock) {
        boolean allow = OutboundRules.fromSetting(env.get(OutboundRules.ALLOW_PRIVATE)).allowsPrivate();
        return new ProbeContext(clock, OutboundRules.Resolver.SYSTEM, systemTrust(), allow, Optional.empty(), Set.of(), Optional.empty());
    }

    public ProbeContext withDynamo(DynamoDbClient client, Set<String> ownTables) {
        return new ProbeContext(clock, resolver, trust, privateAllowedBySetting, Optional.of(client), ownTables, applications);
    }

    public ProbeContext withApplications(ApplicationStore store) {
        return new ProbeContext(clock, resolver, trust, privateAllowedBySetting, dynamo, refusedTables, Optional.of(store));
    }

    public ProbeContext withTrust(X509ExtendedTrustManager trusted) {
        return new ProbeContext(clock, resolver, trusted, privateAllowedBySetting, dynamo, refusedTables, applications);
    }

    public ProbeContext withResolver(OutboundRules.Resolver names) {
        return new ProbeContext(clock, names, trust, privateAllowedBySetting, dynamo, refusedTables, applications);
    }

    /** The outbound connections of one run: private targets allowed when the caller or the setting allows them. */
    public Outbound outbound(boolean allowPrivate) {
        OutboundRules rules = allowPrivate || privateAllowedBySetting ? OutboundRules.allowingPrivate() : OutboundRules.deployed();
        return new Outbound(rules, resolver, trust);
    }

    /** The JDK's default trust store. */
    public static X509ExtendedTrustManager systemTrust() {
        return trusting(null);
    }

    /** A trust manager for {@code store}'s certificates (the JDK's default trust store when null). */
    public static X509ExtendedTrustManager trusting(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read", e);
        }
    }
}
