package io.proteus.spi.decision;

import java.util.List;

/**
 * The service a plugin jar registers in {@code META-INF/services/io.proteus.spi.decision.DecisionNodeProvider}; Proteus
 * finds it with {@link java.util.ServiceLoader} in the plugin's own class loader at start-up.
 */
public interface DecisionNodeProvider {

    List<DecisionNode> decisionNodes();
}
