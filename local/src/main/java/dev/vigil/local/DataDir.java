package dev.vigil.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The directory a runner started with {@code --data-dir} keeps everything in that must outlive it:
 * <pre>
 * dynamodb/           DynamoDB Local's file (shared-local-instance.db): every table and item
 * secrets.json        channel and check secrets, the stand-in for SSM Parameter Store (mode 0600)
 * admin-key           the admin key generated on the first start when none was given (mode 0600)
 * streams/NAME.json   how far each stream reader got, so a restart neither skips nor repeats changes
 * </pre>
 * The directory itself is made readable by its owner only (0700) when the runner creates it.
 */
final class DataDir {
    private final Path root;

    private DataDir(Path root) {
        this.root = root;
    }

    /** Opens {@code root}, creating it (and its parts) when missing; a clear message when it cannot be used. */
    static DataDir open(Path root) {
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(root);
                restrict(root, "rwx------");
            }
            if (!Files.isDirectory(root) || !Files.isWritable(root)) {
                throw new IllegalArgumentException("data directory " + root + " is not a writable directory");
            }
            DataDir dir = new DataDir(root.toAbsolutePath());
            Files.createDirectories(dir.dynamo());
            Files.createDirectories(dir.streams());
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("data directory " + root + " cannot be created: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    /** Where DynamoDB Local keeps its file. */
    Path dynamo() {
        return root.resolve("dynamodb");
    }

    Path secrets() {
        return root.resolve("secrets.json");
    }

    /** The checkpoint file of the stream reader named {@code reader} (letters, digits, dots and dashes). */
    Path streamCheckpoint(String reader) {
        return streams().resolve(reader.replaceAll("[^A-Za-z0-9.-]", "_") + ".json");
    }

    private Path streams() {
        return root.resolve("streams");
    }

    /** The admin key kept here; on the first start, {@code generate}'s, written here for the next ones. */
    String adminKey(Supplier<String> generate) {
        Path file = root.resolve("admin-key");
        Optional<String> kept = read(file).map(String::strip).filter(k -> !k.isEmpty());
        if (kept.isPresent()) {
            return kept.get();
        }
        String key = generate.get();
        writePrivately(file, key + "\n");
        return key;
    }

    /** The content of {@code file}, if it exists. */
    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Replaces {@code file} with {@code content} at once (a reader sees the old or the new content, never
     * a part), readable and writable by its owner only (0600) from the moment it exists.
     */
    static void writePrivately(Path file, String content) {
        try {
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
