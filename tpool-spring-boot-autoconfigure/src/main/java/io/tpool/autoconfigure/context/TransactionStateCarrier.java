package io.tpool.autoconfigure.context;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tpool.ContextCarrier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.ResourceHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Carries Spring's transaction synchronization state: the bound resources (a JDBC
 * {@code ConnectionHolder}, a JPA {@code EntityManagerHolder}), the registered
 * synchronizations and the current transaction's name, read-only flag, isolation level
 * and activity. An offloaded call thus joins its caller's transaction; what it leaves
 * bound or registered comes back to the caller, so that a synchronization that it
 * registers runs at the caller's commit. Only for callers that wait: a caller that does
 * not wait may commit while the task still runs.
 */
final class TransactionStateCarrier extends ThreadStateCarrier {

	private static final Log logger = LogFactory.getLog(TransactionStateCarrier.class);

	@Override
	ContextCarrier.@Nullable Context capture(boolean callerWaits) {
		if (!callerWaits) {
			return null;
		}
		boolean synchronizationActive = TransactionSynchronizationManager.isSynchronizationActive();
		Map<Object, Object> resources = TransactionSynchronizationManager.getResourceMap();
		if (!synchronizationActive && resources.isEmpty()) {
			return null;
		}
		return new TransactionContext(TransactionState.current(synchronizationActive, resources));
	}

	@Override
	void clear() {
		if (TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.getResourceMap().isEmpty()) {
			TransactionState left = TransactionState.current(
					TransactionSynchronizationManager.isSynchronizationActive(),
					TransactionSynchronizationManager.getResourceMap());
			logger.warn("An offloaded call whose caller had no transaction state left some on pool thread "
					+ Thread.currentThread().getName() + " (resources " + left.resources().keySet()
					+ ", synchronizations " + left.synchronizations()
					+ "); it was removed. Release what a call binds, or make the call from within a transaction.");
			TransactionState.clearCurrent();
		}
	}

	/**
	 * The transaction synchronization state of a thread.
	 *
	 * @param resources the bound resources by key
	 * @param synchronizations the registered synchronizations, {@code null} when
	 * synchronization is not active
	 * @param name the current transaction's name
	 * @param readOnly whether it is read-only
	 * @param isolationLevel its isolation level
	 * @param actualTransactionActive whether a transaction is active
	 */
	private record TransactionState(Map<Object, Object> resources,
			@Nullable List<TransactionSynchronization> synchronizations, @Nullable String name, boolean readOnly,
			@Nullable Integer isolationLevel, boolean actualTransactionActive) {

		static TransactionState current(boolean synchronizationActive, Map<Object, Object> resources) {
			Map<Object, Object> copy = new HashMap<>(resources.size() * 2);
			resources.forEach((key, value) -> {
				// A void holder is as good as unbound: binding it elsewhere would bring
				// it back to life.
				if (!(value instanceof ResourceHolder holder && holder.isVoid())) {
					copy.put(key, value);
				}
			});
			return new TransactionState(copy,
					synchronizationActive ? TransactionSynchronizationManager.getSynchronizations() : null,
					TransactionSynchronizationManager.getCurrentTransactionName(),
					TransactionSynchronizationManager.isCurrentTransactionReadOnly(),
					TransactionSynchronizationManager.getCurrentTransactionIsolationLevel(),
					TransactionSynchronizationManager.isActualTransactionActive());
		}

		void bind() {
			this.resources.forEach(TransactionSynchronizationManager::bindResource);
			if (this.synchronizations != null) {
				TransactionSynchronizationManager.initSynchronization();
				this.synchronizations.forEach(TransactionSynchronizationManager::registerSynchronization);
			}
			TransactionSynchronizationManager.setCurrentTransactionName(this.name);
			TransactionSynchronizationManager.setCurrentTransactionReadOnly(this.readOnly);
			TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(this.isolationLevel);
			TransactionSynchronizationManager.setActualTransactionActive(this.actualTransactionActive);
		}

		static void clearCurrent() {
			for (Object key : List.copyOf(TransactionSynchronizationManager.getResourceMap().keySet())) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
			}
			TransactionSynchronizationManager.clear();
		}

	}

	/**
	 * One call's transaction state: the caller's, bound on the pool thread for the task,
	 * and the pool thread's once the task ended, applied back to the caller.
	 */
	private static final class TransactionContext implements ContextCarrier.Context {

		private final TransactionState caller;

		private @Nullable TransactionState after;

		TransactionContext(TransactionState caller) {
			this.caller = caller;
		}

		@Override
		public void attach() {
			this.caller.bind();
		}

		@Override
		public void detach() {
			try {
				this.after = TransactionState.current(TransactionSynchronizationManager.isSynchronizationActive(),
						TransactionSynchronizationManager.getResourceMap());
			}
			finally {
				TransactionState.clearCurrent();
			}
		}

		/**
		 * Applies to the caller what the call changed, as if it had run there: resources
		 * it bound, replaced or unbound, synchronizations it registered (they run at the
		 * caller's commit or rollback) and the transaction's characteristics.
		 */
		@Override
		public void rejoin() {
			TransactionState after = this.after;
			if (after == null) {
				return;
			}
			rejoinResources(after.resources());
			rejoinSynchronizations(after.synchronizations());
			if (!Objects.equals(this.caller.name(), after.name())) {
				TransactionSynchronizationManager.setCurrentTransactionName(after.name());
			}
			if (this.caller.readOnly() != after.readOnly()) {
				TransactionSynchronizationManager.setCurrentTransactionReadOnly(after.readOnly());
			}
			if (!Objects.equals(this.caller.isolationLevel(), after.isolationLevel())) {
				TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(after.isolationLevel());
			}
			if (this.caller.actualTransactionActive() != after.actualTransactionActive()) {
				TransactionSynchronizationManager.setActualTransactionActive(after.actualTransactionActive());
			}
		}

		private void rejoinResources(Map<Object, Object> after) {
			Map<Object, Object> before = this.caller.resources();
			for (Object key : before.keySet()) {
				if (!after.containsKey(key)) {
					TransactionSynchronizationManager.unbindResourceIfPossible(key);
				}
			}
			after.forEach((key, value) -> {
				Object previous = before.get(key);
				if (previous != value) {
					if (previous != null) {
						TransactionSynchronizationManager.unbindResourceIfPossible(key);
					}
					TransactionSynchronizationManager.bindResource(key, value);
				}
			});
		}

		private void rejoinSynchronizations(@Nullable List<TransactionSynchronization> after) {
			List<TransactionSynchronization> before = this.caller.synchronizations();
			if (after == null) {
				if (before != null && TransactionSynchronizationManager.isSynchronizationActive()) {
					TransactionSynchronizationManager.clearSynchronization();
				}
				return;
			}
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.initSynchronization();
			}
			Set<TransactionSynchronization> known = Collections.newSetFromMap(new IdentityHashMap<>());
			if (before != null) {
				known.addAll(before);
			}
			for (TransactionSynchronization synchronization : after) {
				if (!known.contains(synchronization)) {
					TransactionSynchronizationManager.registerSynchronization(synchronization);
				}
			}
		}

	}

}
