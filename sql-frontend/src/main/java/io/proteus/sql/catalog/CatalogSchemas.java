package io.proteus.sql.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * Builds Calcite's schema tree (catalog, schema, table) from the registered connectors. A connector's schemas and
 * tables are listed once, on first lookup, and kept: Calcite looks tables up many times while validating and
 * converting a single query, and asking the connector each time was a tenth of all planning time.
 */
public final class CatalogSchemas {

    private CatalogSchemas() {
    }

    /** A root schema holding one sub-schema per connector catalog, each holding its schemas and tables. */
    public static CalciteSchema rootSchema(List<Connector> connectors) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (Connector connector : connectors) {
            root.add(connector.catalogName(), new CatalogSchema(connector));
        }
        return root;
    }

    private static final class CatalogSchema extends AbstractSchema {
        private final Connector connector;
        private final Supplier<Map<String, Schema>> schemas;

        CatalogSchema(Connector connector) {
            this.connector = connector;
            this.schemas = new Memoized<>(this::listSchemas);
        }

        @Override
        protected Map<String, Schema> getSubSchemaMap() {
            return schemas.get();
        }

        private Map<String, Schema> listSchemas() {
            Map<String, Schema> result = new LinkedHashMap<>();
            for (String schemaName : connector.schemaNames()) {
                result.put(schemaName, new TableSchema(connector, schemaName));
            }
            return Collections.unmodifiableMap(result);
        }
    }

    private static final class TableSchema extends AbstractSchema {
        private final Connector connector;
        private final String schemaName;
        private final Supplier<Map<String, Table>> tables;

        TableSchema(Connector connector, String schemaName) {
            this.connector = connector;
            this.schemaName = schemaName;
            this.tables = new Memoized<>(this::listTables);
        }

        @Override
        protected Map<String, Table> getTableMap() {
            return tables.get();
        }

        private Map<String, Table> listTables() {
            Map<String, Table> result = new LinkedHashMap<>();
            for (TableMetadata table : connector.tables(schemaName)) {
                result.put(table.name(), new ConnectorTable(connector, schemaName, table));
            }
            return Collections.unmodifiableMap(result);
        }
    }

    /** Computes a value on first use and keeps it. */
    private static final class Memoized<T> implements Supplier<T> {
        private final Supplier<T> compute;
        private volatile T value;

        Memoized(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = compute.get();
                        value = result;
                    }
                }
            }
            return result;
        }
    }
}
