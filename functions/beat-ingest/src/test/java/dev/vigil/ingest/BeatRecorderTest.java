package dev.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeatRecorderTest {
    @Test
    void malformedUuidsNeverReachDynamoDb() {
        CountingDynamo counting = new CountingDynamo(DynamoLocal.shared().client());
        Fixture f = new Fixture(counting.client());
        BeatRecorder recorder = new BeatRecorder(f.applications(), f.clock);
        for (String bad : new String[] {"", "not-a-uuid", "0f8fad5b-d9cb-469f-a165-70867728950", "../../etc/passwd",
                "0f8fad5b-d9cb-469f-a165-70867728950e' OR 1=1", "0f8fad5b-d9cb-469f-a165_70867728950e",
                "0f8fad5bxd9cb-469f-a165-70867728950e", "0g8fad5b-d9cb-469f-a165-70867728950e", null}) {
            assertEquals(Optional.empty(), recorder.beat(bad, "POST", Optional.empty(), Optional.empty()), bad);
        }
        assertTrue(counting.calls().isEmpty(), "calls made: " + counting.calls());
    }

    @Test
    void upperCaseUuidsAreTheSameApplication() {
        Fixture f = new Fixture();
        var app = f.register("case", 60, 0);
        var receipt = new BeatRecorder(f.applications(), f.clock)
                .beat(app.uuid().toUpperCase(), "GET", Optional.empty(), Optional.empty());
        assertEquals(Optional.of(new BeatRecorder.Receipt("up")), receipt);
        assertEquals(Status.UP, f.reload(app).status());
    }
}
