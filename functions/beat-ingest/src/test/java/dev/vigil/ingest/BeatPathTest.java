package dev.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.ingest.BeatPath.ByUuid;
import dev.vigil.ingest.BeatPath.BySlug;
import dev.vigil.ingest.BeatPath.Kind;
import dev.vigil.ingest.BeatPath.Signal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeatPathTest {
    private static final String UUID = "3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
    private static final String KEY = "Ab3_dE5-fG7hI9jK1lM2nO";

    @Test
    void aBareUuidIsASuccess() {
        assertEquals(Optional.of(new BeatPath(new ByUuid(UUID), Signal.SUCCESS)), BeatPath.parse(UUID.toUpperCase(), Optional.empty()));
    }

    @Test
    void namedSignalsFollowTheUuid() {
        assertEquals(Optional.of(Signal.START), BeatPath.parse(UUID, Optional.of("start")).map(BeatPath::signal));
        assertEquals(Optional.of(Signal.FAIL), BeatPath.parse(UUID, Optional.of("fail")).map(BeatPath::signal));
        assertEquals(Optional.of(Signal.LOG), BeatPath.parse(UUID, Optional.of("log")).map(BeatPath::signal));
    }

    @Test
    void exitCodeZeroIsASuccessAndAnyOtherAFailure() {
        assertEquals(Optional.of(new Signal(Kind.SUCCESS, Optional.of(0))), BeatPath.parse(UUID, Optional.of("0")).map(BeatPath::signal));
        assertEquals(Optional.of(new Signal(Kind.FAIL, Optional.of(1))), BeatPath.parse(UUID, Optional.of("1")).map(BeatPath::signal));
        assertEquals(Optional.of(new Signal(Kind.FAIL, Optional.of(255))), BeatPath.parse(UUID, Optional.of("255")).map(BeatPath::signal));
    }

    @Test
    void exitCodesOutOfRangeOrOddlyWrittenNameNothing() {
        for (String bad : new String[] {"256", "-1", "01", "1000", "+1", "", "STart", "ok"}) {
            assertEquals(Optional.empty(), BeatPath.parse(UUID, Optional.of(bad)), bad);
        }
    }

    @Test
    void aUuidTakesOneSignalAtMost() {
        assertEquals(Optional.empty(), BeatPath.parse(UUID, Optional.of("start/fail")));
    }

    @Test
    void aPingKeyAndSlugNameAnApplicationWithOrWithoutASignal() {
        assertEquals(Optional.of(new BeatPath(new BySlug(KEY, "nightly-backup"), Signal.SUCCESS)),
                BeatPath.parse(KEY, Optional.of("nightly-backup")));
        assertEquals(Optional.of(new BeatPath(new BySlug(KEY, "nightly-backup"), Signal.FAIL)), BeatPath.parse(KEY, Optional.of("nightly-backup/fail")));
        assertEquals(Optional.of(new BeatPath(new BySlug(KEY, "db_dump"), Signal.exit(3))), BeatPath.parse(KEY, Optional.of("db_dump/3")));
    }

    @Test
    void aPingKeyAloneOrWithABadSlugNamesNothing() {
        assertEquals(Optional.empty(), BeatPath.parse(KEY, Optional.empty()));
        assertEquals(Optional.empty(), BeatPath.parse(KEY, Optional.of("Upper")));
        assertEquals(Optional.empty(), BeatPath.parse(KEY, Optional.of("a".repeat(101))));
        assertEquals(Optional.empty(), BeatPath.parse(KEY, Optional.of("ok/start/more")));
        assertEquals(Optional.empty(), BeatPath.parse("short", Optional.of("slug")));
        assertEquals(Optional.empty(), BeatPath.parse(null, Optional.empty()));
    }
}
