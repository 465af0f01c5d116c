package dev.vigil.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The shell of a function behind the HTTP API: reads the payload 2.0 event, binds the log context,
 * and turns failures into clean responses — 503 with Retry-After when AWS itself failed (clients such
 * as {@code curl --retry} try again), 500 with no detail for anything else. No stack trace reaches a
 * client.
 */
public abstract class HttpFunction implements RequestStreamHandler {
    private static final Log LOG = Log.of(HttpFunction.class);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpRequest request = HttpRequest.read(input);
        Log.bind(context == null ? "-" : context.getFunctionName(),
                context == null ? request.requestId() : context.getAwsRequestId());
        HttpResponse response;
        try {
            response = serve(request);
        } finally {
            invocationEnded();
        }
        if ("HEAD".equals(request.method())) {
            response = new HttpResponse(response.statusCode(), response.headers(), "");
        }
        response.writeEvent(output);
    }

    /** Called once the request is served, answer or not: where a function flushes its {@link Metrics}. */
    protected void invocationEnded() {
    }

    /** Handles one request, never throwing. */
    public final HttpResponse serve(HttpRequest request) {
        try {
            return handle(request);
        } catch (SdkException e) {
            LOG.error("AWS call failed", e, "path", pathForLog(request));
            return unavailable();
        } catch (AwsJsonCall.Failure e) {
            LOG.error("AWS call failed", e, "path", pathForLog(request));
            return e.isTransient() ? unavailable() : HttpResponse.error(500, "internal error");
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure", e, "path", pathForLog(request));
            return HttpResponse.error(500, "internal error");
        }
    }

    protected abstract HttpResponse handle(HttpRequest request);

    /** AWS itself failed (throttling, an outage): clients such as {@code curl --retry} try again. */
    private static HttpResponse unavailable() {
        return HttpResponse.error(503, "temporarily unavailable, retry shortly").withHeader("retry-after", "5");
    }

    /**
     * Runs one request through the whole shell, as API Gateway would send it, and drops the answer: for
     * priming (see {@link Priming}). {@code pathParameters} is JSON, e.g. {@code {"uuid": "..."}}.
     */
    protected final void primeWith(String method, String routeKey, String path, String pathParameters) {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"" + routeKey + "\",\"rawPath\":\"" + path + "\","
                + "\"headers\":{\"user-agent\":\"vigil-priming\"},\"pathParameters\":" + pathParameters + ","
                + "\"requestContext\":{\"http\":{\"method\":\"" + method + "\",\"path\":\"" + path + "\","
                + "\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"priming\",\"domainName\":\"localhost\"},"
                + "\"isBase64Encoded\":false}";
        try {
            handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request path with ping UUIDs masked, for logs. */
    protected String pathForLog(HttpRequest request) {
        return request.path();
    }
}
