package io.proteus.jdbc;

import static io.proteus.jdbc.TestFlightSqlServer.EMPTY;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS;
import static io.proteus.jdbc.TestFlightSqlServer.NUMBERS_ROWS;
import static io.proteus.jdbc.TestFlightSqlServer.TYPES;
import static io.proteus.jdbc.TestFlightSqlServer.amount;
import static io.proteus.jdbc.TestFlightSqlServer.day;
import static io.proteus.jdbc.TestFlightSqlServer.name;
import static io.proteus.jdbc.TestFlightSqlServer.ratio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ResultSetTest extends ServerTestBase {

    @Test
    void readsEveryRowOfEveryBatchAndEndpointInOrder() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            int row = 0;
            while (resultSet.next()) {
                assertThat(resultSet.getRow()).isEqualTo(row + 1);
                assertThat(resultSet.getInt(1)).isEqualTo(row);
                assertThat(resultSet.getInt("ID")).isEqualTo(row);
                assertThat(resultSet.getLong("id")).isEqualTo(row);
                assertThat(resultSet.getObject("id")).isEqualTo(row);
                assertThat(resultSet.getString("Id")).isEqualTo(Integer.toString(row));

                assertThat(resultSet.getLong("big")).isEqualTo(row * 10_000_000_000L);
                assertThat(resultSet.getObject("big")).isEqualTo(row * 10_000_000_000L);
                assertThat(resultSet.getBigDecimal("big")).isEqualTo(BigDecimal.valueOf(row * 10_000_000_000L));
                assertThat(resultSet.getDouble("big")).isEqualTo(row * 10_000_000_000.0);

                BigDecimal amount = amount(row);
                assertThat(resultSet.getBigDecimal("amount")).isEqualTo(amount);
                assertThat(resultSet.wasNull()).isEqualTo(amount == null);
                assertThat(resultSet.getObject("amount")).isEqualTo(amount);
                assertThat(resultSet.getString("amount")).isEqualTo(amount == null ? null : amount.toPlainString());
                assertThat(resultSet.getDouble("amount")).isEqualTo(amount == null ? 0 : amount.doubleValue());
                assertThat(resultSet.getInt("amount")).isEqualTo(amount == null ? 0 : amount.intValue());
                assertThat(resultSet.wasNull()).isEqualTo(amount == null);

                LocalDate day = day(row);
                assertThat(resultSet.getDate("day")).isEqualTo(Date.valueOf(day));
                assertThat(resultSet.getObject("day")).isEqualTo(Date.valueOf(day));
                assertThat(resultSet.getString("day")).isEqualTo(day.toString()).matches("\\d{4}-\\d{2}-\\d{2}");
                assertThat(resultSet.getObject("day", LocalDate.class)).isEqualTo(day);
                assertThat(resultSet.getTimestamp("day")).isEqualTo(Timestamp.valueOf(day.atStartOfDay()));

                String name = name(row);
                assertThat(resultSet.getString("name")).isEqualTo(name);
                assertThat(resultSet.wasNull()).isEqualTo(name == null);
                assertThat(resultSet.getObject("name")).isEqualTo(name);
                assertThat(resultSet.getNString(5)).isEqualTo(name);

                Double ratio = ratio(row);
                assertThat(resultSet.getDouble("ratio")).isEqualTo(ratio == null ? 0.0 : ratio);
                assertThat(resultSet.wasNull()).isEqualTo(ratio == null);
                assertThat(resultSet.getObject("ratio")).isEqualTo(ratio);
                assertThat(resultSet.getString("ratio")).isEqualTo(ratio == null ? null : Double.toString(ratio));
                assertThat(resultSet.getFloat("ratio")).isEqualTo(ratio == null ? 0f : ratio.floatValue());
                assertThat(resultSet.getBigDecimal("ratio"))
                        .isEqualTo(ratio == null ? null : BigDecimal.valueOf(ratio));
                row++;
            }
            assertThat(row).isEqualTo(NUMBERS_ROWS);
            assertThat(resultSet.isAfterLast()).isTrue();
            assertThat(resultSet.next()).isFalse();
            // The stream is released as soon as the last row has been read.
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
        }
    }

    @Test
    void nullValuesGiveDefaultsAndSetWasNull() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            assertThat(resultSet.next()).isTrue();
            // Row 0: amount is null.
            assertThat(resultSet.getInt("amount")).isZero();
            assertThat(resultSet.wasNull()).isTrue();
            assertThat(resultSet.getLong("amount")).isZero();
            assertThat(resultSet.getDouble("amount")).isZero();
            assertThat(resultSet.getBoolean("amount")).isFalse();
            assertThat(resultSet.getBigDecimal("amount")).isNull();
            assertThat(resultSet.getString("amount")).isNull();
            assertThat(resultSet.getObject("amount")).isNull();
            assertThat(resultSet.getObject("amount", BigDecimal.class)).isNull();
            assertThat(resultSet.wasNull()).isTrue();
            assertThat(resultSet.getInt("id")).isZero();
            assertThat(resultSet.wasNull()).isFalse();
        }
    }

    @Test
    void metadataDescribesTheArrowSchema() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            ResultSetMetaData metadata = resultSet.getMetaData();
            assertThat(metadata.getColumnCount()).isEqualTo(6);
            String[] names = {"id", "big", "amount", "day", "name", "ratio"};
            int[] types = {Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.DATE, Types.VARCHAR, Types.DOUBLE};
            String[] typeNames = {"INTEGER", "BIGINT", "DECIMAL", "DATE", "VARCHAR", "DOUBLE"};
            String[] classes = {"java.lang.Integer", "java.lang.Long", "java.math.BigDecimal", "java.sql.Date",
                "java.lang.String", "java.lang.Double"};
            for (int column = 1; column <= 6; column++) {
                assertThat(metadata.getColumnName(column)).isEqualTo(names[column - 1]);
                assertThat(metadata.getColumnLabel(column)).isEqualTo(names[column - 1]);
                assertThat(metadata.getColumnType(column)).isEqualTo(types[column - 1]);
                assertThat(metadata.getColumnTypeName(column)).isEqualTo(typeNames[column - 1]);
                assertThat(metadata.getColumnClassName(column)).isEqualTo(classes[column - 1]);
                assertThat(metadata.isNullable(column))
                        .isEqualTo(column == 1 ? ResultSetMetaData.columnNoNulls : ResultSetMetaData.columnNullable);
                assertThat(metadata.isReadOnly(column)).isTrue();
            }
            assertThat(metadata.getPrecision(3)).isEqualTo(10);
            assertThat(metadata.getScale(3)).isEqualTo(2);
            assertThat(metadata.getPrecision(1)).isEqualTo(10);
            assertThat(metadata.getPrecision(2)).isEqualTo(19);
            assertThat(metadata.getColumnDisplaySize(4)).isEqualTo(10);
            assertThat(metadata.isSigned(1)).isTrue();
            assertThat(metadata.isSigned(5)).isFalse();
            assertThat(metadata.isCaseSensitive(5)).isTrue();
            assertThatThrownBy(() -> metadata.getColumnName(7)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void mapsTheOtherArrowTypes() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(TYPES)) {
            ResultSetMetaData metadata = resultSet.getMetaData();
            assertThat(metadata.getColumnType(1)).isEqualTo(Types.TINYINT);
            assertThat(metadata.getColumnType(2)).isEqualTo(Types.SMALLINT);
            assertThat(metadata.getColumnType(3)).isEqualTo(Types.BOOLEAN);
            assertThat(metadata.getColumnType(4)).isEqualTo(Types.REAL);
            assertThat(metadata.getColumnType(5)).isEqualTo(Types.TIMESTAMP);
            assertThat(metadata.getColumnType(6)).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
            assertThat(metadata.getColumnType(7)).isEqualTo(Types.TIME);
            assertThat(metadata.getColumnType(8)).isEqualTo(Types.VARBINARY);
            assertThat(metadata.getScale(5)).isEqualTo(3);
            assertThat(metadata.getScale(6)).isEqualTo(6);

            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getByte("tiny")).isEqualTo((byte) -7);
            assertThat(resultSet.getObject("tiny")).isEqualTo(-7);
            assertThat(resultSet.getShort("small")).isEqualTo((short) 31000);
            assertThat(resultSet.getObject("small")).isEqualTo(31000);
            assertThatThrownBy(() -> resultSet.getByte("small"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22003"));

            assertThat(resultSet.getBoolean("flag")).isTrue();
            assertThat(resultSet.getObject("flag")).isEqualTo(true);
            assertThat(resultSet.getString("flag")).isEqualTo("true");
            assertThat(resultSet.getInt("flag")).isEqualTo(1);

            assertThat(resultSet.getFloat("real_value")).isEqualTo(0.1f);
            assertThat(resultSet.getObject("real_value")).isEqualTo(0.1f);
            assertThat(resultSet.getString("real_value")).isEqualTo("0.1");

            LocalDateTime moment = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 125_000_000);
            assertThat(resultSet.getTimestamp("moment")).isEqualTo(Timestamp.valueOf(moment));
            assertThat(resultSet.getObject("moment")).isEqualTo(Timestamp.valueOf(moment));
            assertThat(resultSet.getString("moment")).isEqualTo("2024-02-29 13:45:30.125");
            assertThat(resultSet.getObject("moment", LocalDateTime.class)).isEqualTo(moment);
            assertThat(resultSet.getDate("moment")).isEqualTo(Date.valueOf(LocalDate.of(2024, 2, 29)));
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            assertThat(resultSet.getTimestamp("moment", utc).toInstant())
                    .isEqualTo(moment.toInstant(ZoneOffset.UTC));

            Instant instant = Instant.parse("2024-02-29T13:45:30.123456Z");
            assertThat(resultSet.getTimestamp("instant").toInstant()).isEqualTo(instant);
            assertThat(resultSet.getString("instant")).isEqualTo("2024-02-29 13:45:30.123456 UTC");
            assertThat(resultSet.getObject("instant", OffsetDateTime.class))
                    .isEqualTo(instant.atOffset(ZoneOffset.UTC));
            assertThat(resultSet.getObject("instant", Instant.class)).isEqualTo(instant);

            assertThat(resultSet.getTime("clock").toLocalTime()).isEqualTo(LocalTime.of(13, 45, 30));
            assertThat(resultSet.getTime("clock").getTime() % 1000).isEqualTo(250);
            assertThat(resultSet.getString("clock")).isEqualTo("13:45:30.250");
            assertThat(resultSet.getObject("clock", LocalTime.class)).isEqualTo(LocalTime.of(13, 45, 30, 250_000_000));
            assertThat(resultSet.getObject("clock")).isInstanceOf(Time.class);

            assertThat(resultSet.getBytes("payload")).containsExactly(0xca, 0xfe, 0x01);
            assertThat(resultSet.getString("payload")).isEqualTo("cafe01");
            assertThat(resultSet.getBinaryStream("payload").readAllBytes()).containsExactly(0xca, 0xfe, 0x01);

            assertThat(resultSet.next()).isTrue();
            for (int column = 1; column <= 8; column++) {
                assertThat(resultSet.getObject(column)).isNull();
                assertThat(resultSet.wasNull()).isTrue();
                assertThat(resultSet.getString(column)).isNull();
            }
            assertThat(resultSet.getTimestamp("moment")).isNull();
            assertThat(resultSet.getTime("clock")).isNull();
            assertThat(resultSet.getDate("moment")).isNull();
            assertThat(resultSet.getBytes("payload")).isNull();
            assertThat(resultSet.next()).isFalse();
        }
    }

    @Test
    void conversionErrorsAreSqlExceptions() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            resultSet.next();
            resultSet.next();
            assertThatThrownBy(() -> resultSet.getInt("name"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22018");
                        assertThat(e.getMessage()).contains("name-1");
                    });
            assertThatThrownBy(() -> resultSet.getInt("big"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22003"));
            assertThatThrownBy(() -> resultSet.getDate("ratio")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.getInt(0))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("07009"));
            assertThatThrownBy(() -> resultSet.getInt(7)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.getInt("no_such_column")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.getObject("id", StringBuilder.class)).isInstanceOf(SQLException.class);
            // The result set is still usable after failed conversions.
            assertThat(resultSet.getInt("id")).isEqualTo(1);
        }
    }

    @Test
    void cursorIsForwardOnlyAndReadOnly() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(NUMBERS)) {
            assertThat(resultSet.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(resultSet.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            assertThat(resultSet.getStatement()).isSameAs(statement);
            assertThat(resultSet.isBeforeFirst()).isTrue();
            assertThatThrownBy(() -> resultSet.getInt(1))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.isFirst()).isTrue();
            assertThat(resultSet.isBeforeFirst()).isFalse();
            assertThatThrownBy(resultSet::previous).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.absolute(3)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.updateInt(1, 5)).isInstanceOf(SQLException.class);
            resultSet.setFetchSize(100);
            assertThat(resultSet.getFetchSize()).isEqualTo(100);
            assertThat(resultSet.findColumn("RATIO")).isEqualTo(6);
            assertThat(resultSet.unwrap(ResultSet.class)).isSameAs(resultSet);
        }
    }

    @Test
    void emptyResultHasColumnsButNoRows() throws Exception {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(EMPTY)) {
            assertThat(resultSet.getMetaData().getColumnCount()).isEqualTo(6);
            assertThat(resultSet.isBeforeFirst()).isFalse();
            assertThat(resultSet.next()).isFalse();
            assertThat(resultSet.isAfterLast()).isFalse();
            assertThat(resultSet.next()).isFalse();
        }
    }

    @Test
    void closedResultSetRefusesAccessAndReleasesMemory() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet resultSet = statement.executeQuery(NUMBERS);
            assertThat(resultSet.next()).isTrue();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isPositive();
            resultSet.close();
            assertThat(resultSet.isClosed()).isTrue();
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
            assertThatThrownBy(resultSet::next).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> resultSet.getInt(1)).isInstanceOf(SQLException.class);
            assertThat(statement.getResultSet()).isNull();
            resultSet.close();
        }
    }
}
