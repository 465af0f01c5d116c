package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.BeatPath.ByUuid;
import dev.vigil.ingest.BeatPath.BySlug;
import dev.vigil.domain.SignalKind;
import dev.vigil.ingest.BeatPath.Signal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeatPathTest {
    private static final String UUID = "3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
    private static final String KEY = "Ab3_dE5-fG7hI9jK1lM2nO";

    @Test
    void aBareUuidIsASuccess() {
        assertThat(BeatPath.parse(UUID.toUpperCase(), Optional.empty()))
                .contains(new BeatPath(new ByUuid(UUID), Signal.SUCCESS));
    }

    @Test
    void namedSignalsFollowTheUuid() {
        assertThat(BeatPath.parse(UUID, Optional.of("start")).map(BeatPath::signal)).contains(Signal.START);
        assertThat(BeatPath.parse(UUID, Optional.of("fail")).map(BeatPath::signal)).contains(Signal.FAIL);
        assertThat(BeatPath.parse(UUID, Optional.of("log")).map(BeatPath::signal)).contains(Signal.LOG);
    }

    @Test
    void exitCodeZeroIsASuccessAndAnyOtherAFailure() {
        assertThat(BeatPath.parse(UUID, Optional.of("0")).map(BeatPath::signal)).contains(new Signal(SignalKind.SUCCESS, Optional.of(0)));
        assertThat(BeatPath.parse(UUID, Optional.of("1")).map(BeatPath::signal)).contains(new Signal(SignalKind.FAIL, Optional.of(1)));
        assertThat(BeatPath.parse(UUID, Optional.of("255")).map(BeatPath::signal)).contains(new Signal(SignalKind.FAIL, Optional.of(255)));
    }

    @Test
    void exitCodesOutOfRangeOrOddlyWrittenNameNothing() {
        for (String bad : new String[] {"256", "-1", "01", "1000", "+1", "", "STart", "ok"}) {
            assertThat(BeatPath.parse(UUID, Optional.of(bad))).as(bad).isEmpty();
        }
    }

    @Test
    void aUuidTakesOneSignalAtMost() {
        assertThat(BeatPath.parse(UUID, Optional.of("start/fail"))).isEmpty();
    }

    @Test
    void aPingKeyAndSlugNameAnApplicationWithOrWithoutASignal() {
        assertThat(BeatPath.parse(KEY, Optional.of("nightly-backup")))
                .contains(new BeatPath(new BySlug(KEY, "nightly-backup"), Signal.SUCCESS));
        assertThat(BeatPath.parse(KEY, Optional.of("nightly-backup/fail")))
                .contains(new BeatPath(new BySlug(KEY, "nightly-backup"), Signal.FAIL));
        assertThat(BeatPath.parse(KEY, Optional.of("db_dump/3")))
                .contains(new BeatPath(new BySlug(KEY, "db_dump"), Signal.exit(3)));
    }

    @Test
    void aPingKeyAloneOrWithABadSlugNamesNothing() {
        assertThat(BeatPath.parse(KEY, Optional.empty())).isEmpty();
        assertThat(BeatPath.parse(KEY, Optional.of("Upper"))).isEmpty();
        assertThat(BeatPath.parse(KEY, Optional.of("a".repeat(101)))).isEmpty();
        assertThat(BeatPath.parse(KEY, Optional.of("ok/start/more"))).isEmpty();
        assertThat(BeatPath.parse("short", Optional.of("slug"))).isEmpty();
        assertThat(BeatPath.parse(null, Optional.empty())).isEmpty();
    }
}
