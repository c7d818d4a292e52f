package io.proteus.server.execution;

import static java.util.Objects.requireNonNull;

import io.proteus.spi.decision.Decision;
import io.proteus.spi.decision.Placement;
import java.util.List;
import java.util.Locale;

/**
 * The session property {@code placement} ({@code SET placement = 'pack' | 'round-robin'}): forces the placement of
 * every decision of the session's queries, whatever the decision nodes chose, so that placements can be compared on
 * the same workflow (the paper's Fig. 4(d)). Without it the decision nodes place their instances themselves.
 */
public final class SessionPlacement {

    /** The name of the session property. */
    public static final String PROPERTY = "placement";

    private SessionPlacement() {}

    /**
     * Parses the property's value: {@code pack} or {@code round-robin} (also {@code round_robin}), in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Placement parse(String text) {
        requireNonNull(text, "text");
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "pack" -> Placement.PACK;
            case "round-robin", "round_robin" -> Placement.ROUND_ROBIN;
            default -> throw new IllegalArgumentException("expected pack or round-robin");
        };
    }

    /** The property value naming a placement: {@code pack} or {@code round-robin}. */
    public static String sqlName(Placement placement) {
        return switch (requireNonNull(placement, "placement")) {
            case PACK -> "pack";
            case ROUND_ROBIN -> "round-robin";
            case NAMED -> throw new IllegalArgumentException("NAMED placement cannot be set for a session");
        };
    }

    /**
     * Returns the decision with its placement replaced by the forced one (and no named workers), its reason saying that
     * the session forced it and what the node had chosen.
     */
    public static Decision apply(Decision decision, Placement forced) {
        requireNonNull(decision, "decision");
        requireNonNull(forced, "forced");
        String note = decision.placement() == forced
                ? "; placement " + forced + " is also what the session forced (placement = '" + sqlName(forced) + "')"
                : "; placement " + forced + " forced by the session (placement = '" + sqlName(forced) + "'), the node chose "
                        + decision.placement();
        return new Decision(decision.implementation(), decision.instances(), forced, List.of(), decision.reason() + note);
    }
}
