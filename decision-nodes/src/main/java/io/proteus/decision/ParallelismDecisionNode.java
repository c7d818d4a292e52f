package io.proteus.decision;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.DecisionContext;
import io.proteus.spi.decision.DecisionNode;
import io.proteus.spi.decision.DecisionPoint;
import io.proteus.spi.decision.Implementations;
import io.proteus.spi.decision.InputObservation;
import io.proteus.spi.decision.Placement;
import java.util.Locale;

/**
 * Decides the number and placement of instances at scans, aggregations, windows and gathers from the volume of their
 * input:
 * one instance per {@code bytesPerInstance}, bounded by the cluster's slots (scans by their partitions); packing onto
 * the workers that hold the data when it is skewed, spreading when it is uniform. Gathers always use one instance on
 * the worker holding the most input.
 */
public final class ParallelismDecisionNode implements DecisionNode {

    private final DecisionThresholds thresholds;
    private final DecisionPoint point;

    public ParallelismDecisionNode(DecisionThresholds thresholds, DecisionPoint point) {
        this.thresholds = requireNonNull(thresholds, "thresholds");
        this.point = requireNonNull(point, "point");
        if (point == DecisionPoint.JOIN) {
            throw new IllegalArgumentException("joins are decided by JoinDecisionNode");
        }
    }

    @Override
    public String name() {
        return "proteus." + point.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public DecisionPoint point() {
        return point;
    }

    @Override
    public Decision decide(DecisionContext context) {
        InputObservation input = context.input(0);
        int maximum = Instances.maximum(context.cluster());
        String volume = (input.observed() ? "" : "~") + Instances.megabytes(input.bytes()) + " in " + input.rows() + " rows";
        return switch (point) {
            case SCAN -> {
                int partitions = Integer.parseInt(context.property("partitions").orElse("1"));
                int instances = Math.max(1, Math.min(partitions, maximum));
                yield Decision.of(Implementations.SCAN, instances, Placement.ROUND_ROBIN,
                        volume + " in " + partitions + " partitions: " + instances + " scan instances over "
                                + context.cluster().workerCount() + " workers' " + maximum + " slots");
            }
            case AGGREGATE, WINDOW -> {
                int partitions = Math.max(1, input.partitions().isEmpty() ? maximum
                        : (int) input.partitions().stream().mapToInt(p -> p.partition()).distinct().count());
                int instances = Math.min(partitions, Instances.forVolume(input.bytes(), thresholds.bytesPerInstance(), maximum));
                Placement placement = Instances.placementFor(input, thresholds);
                boolean aggregate = point == DecisionPoint.AGGREGATE;
                yield Decision.of(aggregate ? Implementations.HASH_AGGREGATE : Implementations.PARTITIONED_WINDOW,
                        instances, placement, (aggregate ? "partial aggregates " : "window input ") + volume + ": "
                                + instances + (aggregate ? " final instance" : " window instance") + (instances == 1 ? "" : "s")
                                + " (" + placement + (placement == Placement.PACK
                                        ? String.format(Locale.ROOT, ", skew %.2f", input.skew()) : "") + ")");
            }
            case GATHER -> Decision.of(Implementations.GATHER, 1, Placement.PACK,
                    volume + ": one instance on the worker holding the most of it");
            case JOIN -> throw new IllegalStateException("unreachable");
        };
    }
}
