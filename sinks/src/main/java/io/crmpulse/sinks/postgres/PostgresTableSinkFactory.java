package io.crmpulse.sinks.postgres;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'crm-pulse-postgres'}: a PostgreSQL upsert sink that commits with Flink's
 * checkpoints ({@link PostgresUpsertSink}). Options: {@code url}, {@code table-name}, {@code
 * username}, {@code password}, as Flink's JDBC connector names them.
 */
public final class PostgresTableSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "crm-pulse-postgres";

    static final ConfigOption<String> URL =
            ConfigOptions.key("url").stringType().noDefaultValue().withDescription("JDBC URL");
    static final ConfigOption<String> TABLE_NAME =
            ConfigOptions.key("table-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("PostgreSQL table");
    static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username").stringType().defaultValue("");
    static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password").stringType().defaultValue("");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL, TABLE_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(USERNAME, PASSWORD);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        List<Column> columns = schema.getColumns().stream().filter(Column::isPhysical).toList();
        PostgresTable table =
                new PostgresTable(
                        options.get(TABLE_NAME),
                        columns.stream().map(Column::getName).toList(),
                        columns.stream().map(c -> c.getDataType().getLogicalType()).toList(),
                        schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of()));
        return new PostgresTableSink(
                new JdbcSettings(options.get(URL), options.get(USERNAME), options.get(PASSWORD)),
                table);
    }
}
