package io.proteus.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.util.Locale;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Turns failures of Arrow Flight calls into {@link SQLException}s, and holds the SQLStates the driver uses.
 *
 * <p>The message of an exception made from a {@link FlightRuntimeException} is the server's status description,
 * verbatim (the coordinator puts the parser's "From line 1, column 8 to ..." text there); the SQLState follows the
 * status code.
 */
final class SqlErrors {
    static final String SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION = "42000";
    static final String TABLE_NOT_FOUND = "42S02";
    static final String QUERY_CANCELLED = "57014";
    static final String INVALID_AUTHORIZATION = "28000";
    static final String GENERAL_ERROR = "HY000";
    static final String CONNECTION_FAILURE = "08001";
    static final String CONNECTION_DOES_NOT_EXIST = "08003";
    static final String INVALID_CURSOR_STATE = "24000";
    static final String INVALID_DESCRIPTOR_INDEX = "07009";
    static final String WRONG_PARAMETER_COUNT = "07001";
    static final String DATA_EXCEPTION = "22000";
    static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    static final String INVALID_CHARACTER_VALUE_FOR_CAST = "22018";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INVALID_ATTRIBUTE_VALUE = "HY024";

    private SqlErrors() {}

    /** Converts a failed Flight call into an {@link SQLException} carrying the server's message. */
    static SQLException fromFlight(FlightRuntimeException exception) {
        CallStatus status = exception.status();
        FlightStatusCode code = status.code();
        String message = status.description();
        if (message == null || message.isEmpty()) {
            message = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            Throwable cause = status.cause();
            if (cause != null && cause.getMessage() != null) {
                message = message + ": " + cause.getMessage();
            }
        }
        if (code == FlightStatusCode.UNAVAILABLE) {
            // Raised by the transport, not the server: say which connection failed and why.
            Throwable cause = status.cause();
            String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
            message = "Cannot reach the Proteus coordinator: " + reason;
        }
        switch (code) {
            case INVALID_ARGUMENT:
                return new SQLSyntaxErrorException(message, SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION, exception);
            case NOT_FOUND:
                return new SQLSyntaxErrorException(message, TABLE_NOT_FOUND, exception);
            case CANCELLED:
                return new SQLException(message, QUERY_CANCELLED, exception);
            case UNAUTHENTICATED:
                return new SQLInvalidAuthorizationSpecException(message, INVALID_AUTHORIZATION, exception);
            default:
                return new SQLException(message, GENERAL_ERROR, exception);
        }
    }

    /** Converts any failure of the Flight client (including Arrow's own runtime exceptions). */
    static SQLException fromClient(RuntimeException exception) {
        if (exception instanceof FlightRuntimeException) {
            return fromFlight((FlightRuntimeException) exception);
        }
        String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
        return new SQLException(message, GENERAL_ERROR, exception);
    }

    static SQLException closed(String what) {
        if (what.equals("Connection")) {
            return new SQLNonTransientConnectionException("Connection is closed", CONNECTION_DOES_NOT_EXIST);
        }
        return new SQLException(what + " is closed", GENERAL_ERROR);
    }

    static SQLFeatureNotSupportedException notSupported(String feature) {
        return new SQLFeatureNotSupportedException(feature + " is not supported by the Proteus JDBC driver",
                FEATURE_NOT_SUPPORTED);
    }

    static SQLException queryCancelled() {
        return new SQLException("Query was cancelled", QUERY_CANCELLED);
    }
}
