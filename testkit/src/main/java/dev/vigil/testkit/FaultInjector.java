package dev.vigil.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes chosen calls of an SDK client fail the way an overloaded AWS service fails them: a throttling
 * error with status 400. A fault strikes either before the request is sent (nothing happened) or after
 * the answer came back (the write happened, but the caller never hears so). Rules are added while the
 * client is in use; every fault is counted.
 */
public final class FaultInjector implements ExecutionInterceptor {
    /** When a fault strikes. */
    public enum When { BEFORE_SENDING, AFTER_ANSWER }

    private record Rule(BiPredicate<String, SdkRequest> matches, double probability, AtomicInteger remaining, When when) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger injectedAfterAnswer = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    /** Fails each matching call (operation name, request) with {@code probability}, forever. */
    public FaultInjector failRandomly(BiPredicate<String, SdkRequest> matches, double probability, When when) {
        rules.add(new Rule(matches, probability, new AtomicInteger(Integer.MAX_VALUE), when));
        return this;
    }

    /** Fails the next {@code times} matching calls. */
    public FaultInjector failNext(BiPredicate<String, SdkRequest> matches, int times, When when) {
        rules.add(new Rule(matches, 1.0, new AtomicInteger(times), when));
        return this;
    }

    public void clear() {
        rules.clear();
    }

    /** Faults injected so far. */
    public int injected() {
        return injected.get();
    }

    /** Faults injected after the service had answered: the call took effect, its caller saw a failure. */
    public int injectedAfterAnswer() {
        return injectedAfterAnswer.get();
    }

    /** Calls seen so far (each SDK attempt counts). */
    public int calls() {
        return calls.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        strike(context.request(), attributes, When.BEFORE_SENDING);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        strike(context.request(), attributes, When.AFTER_ANSWER);
    }

    private void strike(SdkRequest request, ExecutionAttributes attributes, When when) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Rule rule : rules) {
            if (rule.when() == when && rule.matches().test(operation, request)
                    && ThreadLocalRandom.current().nextDouble() < rule.probability()
                    && rule.remaining().getAndDecrement() > 0) {
                injected.incrementAndGet();
                if (when == When.AFTER_ANSWER) {
                    injectedAfterAnswer.incrementAndGet();
                }
                throw AwsServiceException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                                .errorMessage("Rate exceeded (injected)").build())
                        .message("Rate exceeded (injected)").build();
            }
        }
    }
}
