package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldGroupThreadsByTheirTruncatedNameWhenNamedByVertxKafkaOrTheJvm() {
        assertThat(ThreadCpu.group("vert.x-eventloo")).isEqualTo("event loops");
        assertThat(ThreadCpu.group("callstream-inge")).isEqualTo("sender thread");
        assertThat(ThreadCpu.group("kafka-producer-")).isEqualTo("producer network thread");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC");
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("GC");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ThreadCpu.group("VM Thread")).isEqualTo("other");
    }

    @Test
    void shouldCountAThreadFromZeroWhenItWasBornBetweenTheSnapshots() {
        Map<Long, ThreadCpu.Counters> before = Map.of(1L, new ThreadCpu.Counters("vert.x-eventloo", 1_000, 5, 1));
        Map<Long, ThreadCpu.Counters> after = Map.of(1L, new ThreadCpu.Counters("vert.x-eventloo", 3_000, 7, 1),
                2L, new ThreadCpu.Counters("vert.x-eventloo", 500, 2, 0),
                3L, new ThreadCpu.Counters("kafka-producer-", 800, 4, 3));

        Map<String, ThreadCpu.Group> groups = ThreadCpu.delta(before, after);

        assertThat(groups.get("event loops")).isEqualTo(new ThreadCpu.Group(2_500, 4, 0, 2));
        assertThat(groups.get("producer network thread")).isEqualTo(new ThreadCpu.Group(800, 4, 3, 1));
        assertThat(groups.get("sender thread")).isEqualTo(new ThreadCpu.Group(0, 0, 0, 0));
        assertThat(groups.keySet()).containsExactlyElementsOf(ThreadCpu.GROUPS);
    }

    @Test
    void shouldReadEveryThreadOfThisJvmWhenSnapshotOfItsOwnPid() {
        Map<Long, ThreadCpu.Counters> threads = ThreadCpu.snapshot(ProcessHandle.current().pid());

        assertThat(threads).isNotEmpty();
        assertThat(threads.values()).anySatisfy(c -> assertThat(c.cpuNanos()).isPositive());
        assertThat(ThreadCpu.processCpuNanos(ProcessHandle.current().pid())).isPositive();
    }
}
