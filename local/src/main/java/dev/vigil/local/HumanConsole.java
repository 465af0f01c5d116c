package dev.vigil.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The runner's console in text form: the functions' log output, line by line, and the applications'
 * changes read from their table's stream, both turned into readable lines ({@link ConsoleLines}) on
 * {@code out}.
 */
final class HumanConsole {
    private final ConsoleLines lines;
    private final PrintStream out;
    private final Clock clock;

    HumanConsole(ConsoleLines lines, PrintStream out, Clock clock) {
        this.lines = lines;
        this.out = out;
        this.clock = clock;
    }

    /** A stream to hand the log ({@code Log.redirect}): each line written to it is shown as {@link ConsoleLines} says. */
    PrintStream logSink() {
        return new PrintStream(new LineSplitter(), true, StandardCharsets.UTF_8);
    }

    /** Shows a batch of the applications table's stream records. */
    void applicationsChanged(List<Record> records) {
        for (Record record : records) {
            StreamRecord change = record.dynamodb();
            Map<String, AttributeValue> before = change.hasOldImage() ? change.oldImage() : Map.of();
            Map<String, AttributeValue> after = change.hasNewImage() ? change.newImage() : Map.of();
            try {
                // When it is seen, a moment after the write: DynamoDB Local's stream times are whole minutes.
                lines.changed(before, after, clock.instant()).forEach(this::print);
            } catch (RuntimeException unreadable) {
                print("an application change could not be shown: " + unreadable.getMessage());
            }
        }
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
        }
    }

    /** Collects bytes up to each end of line and hands the line on. */
    private final class LineSplitter extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                lines.logLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).ifPresent(HumanConsole.this::print);
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }
}
