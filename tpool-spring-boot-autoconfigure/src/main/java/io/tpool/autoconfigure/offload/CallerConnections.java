package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.BaseStream;

import javax.sql.DataSource;

import io.tpool.internal.Offloader;
import io.tpool.Task;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcAccessor;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps the pool's threads from waiting for a pooled JDBC connection. A pool thread that
 * waits for a connection while the callers that hold the connections wait for a pool
 * thread is a deadlock, which a load of more callers than connections and threads
 * together makes certain. So every wait for a pooled connection happens on the caller,
 * which parks, before its call takes a pool thread:
 * <ul>
 * <li>{@code getConnection()} of an offloaded connection pool ({@code tpool.proxies} on a
 * HikariCP {@code DataSource}, say) runs on its caller; the connection that it returns,
 * autowrapped, runs its own calls on the pool;</li>
 * <li>a call of an offloaded {@link JdbcTemplate} or {@link NamedParameterJdbcTemplate}
 * whose {@code DataSource} is a connection pool takes its connection on the caller,
 * unless the caller's transaction holds one already, and the call uses it on the pool
 * thread.</li>
 * </ul>
 * A {@code DataSource} is a connection pool where one of Spring Boot's
 * {@link DataSourcePoolMetadataProvider}s knows it (HikariCP, Tomcat's, Commons DBCP2,
 * Oracle UCP, or the application's own). A {@code DataSource} that opens a connection for
 * each call makes no caller wait for another, so its {@code getConnection()} runs on the
 * pool like every other call.
 *
 * @since 0.3.0
 */
final class CallerConnections {

	private static final String[] REQUIRED_CLASSES = { "org.springframework.jdbc.core.JdbcTemplate",
			"org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider",
			"org.springframework.transaction.support.TransactionSynchronizationManager" };

	private final BeanFactory beanFactory;

	private volatile @Nullable List<DataSourcePoolMetadataProvider> providers;

	private CallerConnections(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * The caller connections of an application that has Spring's JDBC support and Spring
	 * Boot's.
	 * @param beanFactory where Spring Boot's pool metadata providers are
	 * @return the caller connections, or {@code null} where the classes they need are
	 * missing
	 */
	static @Nullable CallerConnections of(BeanFactory beanFactory) {
		ClassLoader classLoader = CallerConnections.class.getClassLoader();
		for (String required : REQUIRED_CLASSES) {
			if (!ClassUtils.isPresent(required, classLoader)) {
				return null;
			}
		}
		return new CallerConnections(beanFactory);
	}

	/**
	 * Where a call of a method of an offloaded bean takes its connection.
	 * @param method the method
	 * @param target the bean's target
	 * @return where
	 */
	Placement placement(Method method, Object target) {
		if (target instanceof DataSource dataSource && isGetConnection(method) && isPooled(dataSource)) {
			return Placement.CALLER;
		}
		if (isOperation(method, target) && !BaseStream.class.isAssignableFrom(method.getReturnType())
				&& pooledDataSourceOf(target) != null) {
			// A stream would hold its connection after the call: it takes its own.
			return Placement.CONNECTION_FIRST;
		}
		return Placement.POOL;
	}

	/** Whether a method is one of the JDBC operations of a template (not a getter). */
	private static boolean isOperation(Method method, Object target) {
		Class<?> operations = (target instanceof NamedParameterJdbcOperations) ? NamedParameterJdbcOperations.class
				: JdbcOperations.class;
		return ReflectionUtils.findMethod(operations, method.getName(), method.getParameterTypes()) != null;
	}

	/**
	 * Runs a call of an offloaded {@code JdbcTemplate} on the pool with a connection
	 * taken on the caller, which parks while it waits for one.
	 * @param target the bean's target
	 * @param method the method called
	 * @param offloader the call's offloader
	 * @param invocation the call
	 * @return its value
	 * @throws Throwable what the call threw
	 */
	@Nullable Object invokeWithConnection(Object target, Method method, Offloader offloader, Task<?, ?> invocation)
			throws Throwable {
		DataSource dataSource = pooledDataSourceOf(target);
		if (dataSource == null || TransactionSynchronizationManager.hasResource(dataSource)) {
			// The caller's transaction holds a connection, which goes to the pool thread
			// with the rest of the caller's transaction state.
			return offloader.invoke(method, invocation);
		}
		Connection connection;
		try {
			connection = dataSource.getConnection();
		}
		catch (SQLException ex) {
			// As the template itself reports it.
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", ex);
		}
		try {
			ConnectionHolder holder = new ConnectionHolder(connection);
			return offloader.invoke(method, () -> {
				TransactionSynchronizationManager.bindResource(dataSource, holder);
				try {
					return invocation.call();
				}
				finally {
					TransactionSynchronizationManager.unbindResource(dataSource);
				}
			});
		}
		finally {
			connection.close();
		}
	}

	private @Nullable DataSource pooledDataSourceOf(Object target) {
		DataSource dataSource = null;
		if (target instanceof NamedParameterJdbcTemplate named) {
			dataSource = named.getJdbcTemplate().getDataSource();
		}
		else if (target instanceof JdbcAccessor accessor && target instanceof JdbcOperations) {
			dataSource = accessor.getDataSource();
		}
		return (dataSource != null && isPooled(dataSource)) ? dataSource : null;
	}

	private boolean isPooled(DataSource dataSource) {
		for (DataSourcePoolMetadataProvider provider : providers()) {
			if (provider.getDataSourcePoolMetadata(dataSource) != null) {
				return true;
			}
		}
		return false;
	}

	private List<DataSourcePoolMetadataProvider> providers() {
		List<DataSourcePoolMetadataProvider> providers = this.providers;
		if (providers == null) {
			providers = this.beanFactory.getBeanProvider(DataSourcePoolMetadataProvider.class).orderedStream().toList();
			this.providers = providers;
		}
		return providers;
	}

	private static boolean isGetConnection(Method method) {
		return method.getName().equals("getConnection") && Connection.class.isAssignableFrom(method.getReturnType());
	}

	/**
	 * Where a call takes its connection.
	 */
	enum Placement {

		/** The call runs on the pool; a connection it takes, it takes there. */
		POOL,

		/** The call is the wait for a pooled connection: it runs on the caller. */
		CALLER,

		/** The call runs on the pool with a connection taken on the caller. */
		CONNECTION_FIRST

	}

}
