package org.thinrich.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one database transaction: all of it is committed, or none of it. */
final class Transactions {
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    static <T> T inTransaction(Database database, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                database.noteSuccess();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            database.noteFailure(e);
            throw new StoreException("The database failed: " + e.getMessage(), e);
        }
    }

    static <T> T read(Database database, Work<T> work) {
        try (Connection connection = database.connection()) {
            T result = work.run(connection);
            database.noteSuccess();
            return result;
        } catch (SQLException e) {
            database.noteFailure(e);
            throw new StoreException("The database failed: " + e.getMessage(), e);
        }
    }
}
