package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of {@code proteus worker} and {@code proteus coordinator}. */
class WorkerCommandTest {

    @Test
    void memorySizesReadLikeJvmOptions() {
        assertThat(WorkerCommand.parseSize("64m")).isEqualTo(64L << 20);
        assertThat(WorkerCommand.parseSize("4g")).isEqualTo(4L << 30);
        assertThat(WorkerCommand.parseSize("512MiB")).isEqualTo(512L << 20);
        assertThat(WorkerCommand.parseSize("1048576")).isEqualTo(1L << 20);
        assertThatThrownBy(() -> WorkerCommand.parseSize("lots")).hasMessageContaining("not a memory size");
        assertThatThrownBy(() -> WorkerCommand.parseSize("0g")).hasMessageContaining("positive");
    }

    @Test
    void workerNeedsTheCoordinatorsAddressAndBothCommandsAreListed() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new ProteusMain()).setErr(new PrintWriter(errors));
        assertThat(command.execute("worker", "--slots", "2")).isNotZero();
        assertThat(errors.toString()).contains("--coordinator");
        assertThat(command.getSubcommands()).containsKeys("local", "coordinator", "worker");
        StringWriter usage = new StringWriter();
        command.getSubcommands().get("coordinator").usage(new PrintWriter(usage));
        assertThat(usage.toString()).contains("--cluster-port", "--max-running-queries");
    }
}
