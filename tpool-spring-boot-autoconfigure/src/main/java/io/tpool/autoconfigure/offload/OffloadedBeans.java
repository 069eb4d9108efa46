package io.tpool.autoconfigure.offload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The beans whose methods run on the pool, as {@link OffloadBeanPostProcessor} proxied
 * them; the actuator endpoint lists them.
 *
 * @since 0.2.0
 */
public final class OffloadedBeans {

	private final Map<String, OffloadedBean> beans = new LinkedHashMap<>();

	void add(OffloadedBean bean) {
		synchronized (this.beans) {
			this.beans.put(bean.bean(), bean);
		}
	}

	/**
	 * The offloaded beans.
	 * @return the beans, in the order in which they were created
	 */
	public List<OffloadedBean> list() {
		synchronized (this.beans) {
			return List.copyOf(this.beans.values());
		}
	}

}
