package io.proteus.sql.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Builds Calcite's schema tree (catalog, schema, table) from the registered connectors. */
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

        CatalogSchema(Connector connector) {
            this.connector = connector;
        }

        @Override
        protected Map<String, Schema> getSubSchemaMap() {
            Map<String, Schema> schemas = new LinkedHashMap<>();
            for (String schemaName : connector.schemaNames()) {
                schemas.put(schemaName, new TableSchema(connector, schemaName));
            }
            return schemas;
        }
    }

    private static final class TableSchema extends AbstractSchema {
        private final Connector connector;
        private final String schemaName;

        TableSchema(Connector connector, String schemaName) {
            this.connector = connector;
            this.schemaName = schemaName;
        }

        @Override
        protected Map<String, Table> getTableMap() {
            Map<String, Table> tables = new LinkedHashMap<>();
            for (TableMetadata table : connector.tables(schemaName)) {
                tables.put(table.name(), new ConnectorTable(connector, schemaName, table));
            }
            return tables;
        }
    }
}
