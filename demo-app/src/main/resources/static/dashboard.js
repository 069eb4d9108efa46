'use strict';

// The tpool demo dashboard: polls /dashboard/state and charts the samples that the
// server takes every 100 ms on a platform thread, so a starved stretch shows up in full
// once the page's own (virtual-thread) request gets through.
(() => {
	const WINDOW_MS = 60_000;
	const POLL_MS = 250;
	const COLORS = {
		mounted: '#3d5a80',
		queuedVirtualThreads: '#d1495b',
		parallelism: '#999',
		one: '#999',
		start: '#d1495b',
		roundTrip: '#3d5a80',
		direct: '#d1495b',
		offloaded: '#00798c',
		'duckdb direct': '#8f2d56',
		'duckdb offloaded': '#6a4c93',
	};
	// Each pool's utilization and saturation lines, in the order of the pools.
	const POOL_COLORS = [
		{ utilization: '#00798c', saturation: '#edae49' },
		{ utilization: '#6a4c93', saturation: '#c06c84' },
		{ utilization: '#3d5a80', saturation: '#98c1d9' },
		{ utilization: '#2a9d8f', saturation: '#e76f51' },
	];

	const root = document.getElementById('dashboard');
	// Readable from tests and the browser console.
	const state = {
		seq: 0,
		parallelism: 0,
		// Every pool, the default pool first: [{ name, size }].
		pools: [],
		samples: [],
		roundTrips: [],
		bursts: [],
		received: 0,
		peaks: { active: 0, saturation: 0, mounted: 0, queuedVirtualThreads: 0, startMillis: 0 },
		// The largest value of a sample field among the charted samples after a given one: of
		// the named pool's state when a pool is given; for a pool field without a pool, of
		// the busiest pool.
		peakAfter(seq, key, pool) {
			return state.samples.filter((sample) => sample.seq > seq)
				.reduce((peak, sample) => Math.max(peak, valueOf(sample, key, pool)), 0);
		},
	};

	function valueOf(sample, key, pool) {
		if (pool !== undefined) {
			const found = sample.pools.find((candidate) => candidate.name === pool);
			return found ? found[key] : 0;
		}
		if (key in sample) {
			return sample[key];
		}
		return sample.pools.reduce((peak, candidate) => Math.max(peak, candidate[key]), 0);
	}
	window.tpoolDashboard = state;

	const $ = (id) => document.getElementById(id);

	function status(text) {
		$('burst-status').textContent = text;
	}

	function record(body, roundTrip, sentAt) {
		state.parallelism = body.carriers.parallelism;
		showCompensation(body.carriers);
		state.pools = body.pools;
		for (const sample of body.samples) {
			state.samples.push(sample);
			state.seq = sample.seq;
			state.received++;
			const peaks = state.peaks;
			peaks.active = Math.max(peaks.active, valueOf(sample, 'active'));
			peaks.saturation = Math.max(peaks.saturation, valueOf(sample, 'saturation'));
			peaks.mounted = Math.max(peaks.mounted, sample.mounted);
			peaks.queuedVirtualThreads = Math.max(peaks.queuedVirtualThreads, sample.queuedVirtualThreads);
			peaks.startMillis = Math.max(peaks.startMillis, sample.virtualThreadStartMillis);
		}
		state.roundTrips.push({ time: sentAt, value: roundTrip });
		const oldest = Date.now() - WINDOW_MS;
		state.samples = state.samples.filter((sample) => sample.time >= oldest);
		state.roundTrips = state.roundTrips.filter((point) => point.time >= oldest);
		state.bursts = state.bursts.filter((burst) => burst.time >= oldest);
	}

	function publish() {
		const data = root.dataset;
		data.samples = String(state.received);
		data.bursts = String(state.bursts.length);
		data.peakActive = String(state.peaks.active);
		data.peakSaturation = String(state.peaks.saturation);
		data.peakMounted = String(state.peaks.mounted);
		data.peakQueuedVirtualThreads = String(state.peaks.queuedVirtualThreads);
		data.peakStartMillis = String(state.peaks.startMillis);
		const last = state.samples[state.samples.length - 1];
		const roundTrip = state.roundTrips[state.roundTrips.length - 1];
		if (last) {
			$('now-mounted').textContent = `${last.mounted} / ${state.parallelism}`;
			$('now-queued-virtual-threads').textContent = String(last.queuedVirtualThreads);
			$('now-start').textContent = formatMillis(last.virtualThreadStartMillis);
			showPools(last.pools);
		}
		if (roundTrip) {
			$('now-round-trip').textContent = formatMillis(roundTrip.value);
		}
	}

	// A row for each pool, in the order of the pools: the table follows pools as they come.
	function showPools(pools) {
		const body = $('pools-now');
		const rows = pools.map((pool) => {
			let row = body.querySelector(`tr[data-pool="${CSS.escape(pool.name)}"]`);
			if (!row) {
				row = document.createElement('tr');
				row.dataset.pool = pool.name;
				for (let i = 0; i < 6; i++) {
					row.append(document.createElement('td'));
				}
			}
			const cells = row.children;
			cells[0].textContent = pool.name;
			cells[1].textContent = `${pool.active} / ${pool.size}`;
			cells[2].textContent = String(pool.queued);
			cells[3].textContent = pool.saturation.toFixed(2);
			cells[4].textContent = String(pool.threads);
			cells[5].textContent = String(pool.completed);
			return row;
		});
		body.replaceChildren(...rows);
	}

	function formatMillis(millis) {
		return millis < 10 ? `${millis.toFixed(1)} ms` : `${Math.round(millis)} ms`;
	}

	function series(key, pool) {
		return state.samples.map((sample) => ({ time: sample.time, value: valueOf(sample, key, pool) }));
	}

	function poolLines() {
		return state.pools.flatMap((pool, index) => {
			const colors = POOL_COLORS[index % POOL_COLORS.length];
			return [
				{ label: `${pool.name} utilization`, color: colors.utilization, points: series('utilization', pool.name) },
				{ label: `${pool.name} saturation`, color: colors.saturation, points: series('saturation', pool.name) },
			];
		});
	}

	function render() {
		const now = Date.now();
		chart($('chart-carriers'), $('legend-carriers'), now, {
			lines: [
				{ label: 'mounted', color: COLORS.mounted, points: series('mounted') },
				{ label: 'waiting for a carrier', color: COLORS.queuedVirtualThreads, points: series('queuedVirtualThreads') },
			],
			rules: [{ label: `parallelism ${state.parallelism}`, color: COLORS.parallelism, value: state.parallelism }],
			minMax: Math.max(state.parallelism + 1, 4),
		});
		chart($('chart-pool'), $('legend-pool'), now, {
			lines: poolLines(),
			rules: [{ label: 'saturation 1: calls start to queue', color: COLORS.one, value: 1 }],
			minMax: 1.2,
		});
		chart($('chart-waits'), $('legend-waits'), now, {
			lines: [
				{ label: 'fresh virtual thread start', color: COLORS.start, points: series('virtualThreadStartMillis') },
				{ label: "this page's request", color: COLORS.roundTrip, points: state.roundTrips },
			],
			rules: [],
			minMax: 50,
		});
		root.dataset.drawnSeq = String(state.seq);
	}

	function chart(canvas, legend, now, { lines, rules, minMax }) {
		const ratio = window.devicePixelRatio || 1;
		const width = canvas.clientWidth || canvas.width;
		const height = canvas.clientHeight || canvas.height;
		if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
			canvas.width = Math.round(width * ratio);
			canvas.height = Math.round(height * ratio);
		}
		const g = canvas.getContext('2d');
		g.setTransform(ratio, 0, 0, ratio, 0, 0);
		g.clearRect(0, 0, width, height);
		const left = 44;
		const plotWidth = width - left - 8;
		const top = 8;
		const plotHeight = height - top - 18;
		let max = minMax;
		for (const line of lines) {
			for (const point of line.points) {
				max = Math.max(max, point.value * 1.1);
			}
		}
		const x = (time) => left + plotWidth * (1 - (now - time) / WINDOW_MS);
		const y = (value) => top + plotHeight * (1 - value / max);

		g.font = '11px system-ui, sans-serif';
		g.lineWidth = 1;
		for (let i = 0; i <= 4; i++) {
			const value = (max * i) / 4;
			g.strokeStyle = '#e4e4e4';
			g.beginPath();
			g.moveTo(left, y(value));
			g.lineTo(left + plotWidth, y(value));
			g.stroke();
			g.fillStyle = '#777';
			g.fillText(max >= 10 ? Math.round(value).toString() : value.toFixed(1), 2, y(value) + 4);
		}
		for (let seconds = 0; seconds <= WINDOW_MS / 1000; seconds += 10) {
			g.fillText(seconds === 0 ? 'now' : `-${seconds}s`, x(now - seconds * 1000) - 12, height - 4);
		}
		for (const burst of state.bursts) {
			g.strokeStyle = COLORS[burst.mode];
			g.setLineDash([2, 3]);
			g.beginPath();
			g.moveTo(x(burst.time), top);
			g.lineTo(x(burst.time), top + plotHeight);
			g.stroke();
			g.setLineDash([]);
			g.fillStyle = COLORS[burst.mode];
			g.fillText(burst.mode, x(burst.time) + 3, top + 10);
		}
		for (const rule of rules) {
			g.strokeStyle = rule.color;
			g.setLineDash([6, 4]);
			g.beginPath();
			g.moveTo(left, y(rule.value));
			g.lineTo(left + plotWidth, y(rule.value));
			g.stroke();
			g.setLineDash([]);
		}
		g.lineWidth = 2;
		for (const line of lines) {
			g.strokeStyle = line.color;
			g.beginPath();
			line.points.forEach((point, index) => {
				const px = x(point.time);
				const py = y(point.value);
				if (index === 0) {
					g.moveTo(px, py);
				}
				else {
					g.lineTo(px, py);
				}
			});
			g.stroke();
		}
		legend.innerHTML = '';
		for (const item of [...lines, ...rules]) {
			const span = document.createElement('span');
			const swatch = document.createElement('i');
			swatch.style.background = item.color;
			span.append(swatch, item.label);
			legend.append(span);
		}
	}

	async function poll() {
		const sentAt = Date.now();
		const sent = performance.now();
		try {
			const response = await fetch(`dashboard/state?since=${state.seq}`, { cache: 'no-store' });
			if (!response.ok) {
				throw new Error(`HTTP ${response.status}`);
			}
			const body = await response.json();
			record(body, performance.now() - sent, sentAt);
			publish();
			render();
		}
		catch (error) {
			status(`state unavailable: ${error.message}`);
		}
		finally {
			setTimeout(poll, POLL_MS);
		}
	}

	async function burst(mode) {
		const calls = $('calls').value;
		const millis = $('millis').value;
		state.bursts.push({ mode, time: Date.now() });
		publish();
		status(`${mode}: firing ${calls} calls of ${millis} ms…`);
		try {
			const response = await fetch(`burst?mode=${mode}&calls=${encodeURIComponent(calls)}&millis=${encodeURIComponent(millis)}`,
				{ method: 'POST' });
			const body = await response.json();
			status(response.ok ? `${mode}: ${body.calls} calls of ${body.millis} ms started` : `${mode}: ${body.detail}`);
		}
		catch (error) {
			status(`${mode}: ${error.message}`);
		}
	}

	async function burstDuckDb(mode) {
		const queries = $('queries').value;
		const label = `duckdb ${mode}`;
		state.bursts.push({ mode: label, time: Date.now() });
		publish();
		status(`${label}: firing ${queries} report queries…`);
		try {
			const response = await fetch(`burst/duckdb?mode=${mode}&queries=${encodeURIComponent(queries)}`,
				{ method: 'POST' });
			const body = await response.json();
			status(response.ok ? `${label}: ${body.queries} report queries started` : `${label}: ${body.detail}`);
		}
		catch (error) {
			status(`${label}: ${error.message}`);
		}
	}

	// Carrier compensation, switched on and off live: a carrier added for each held one.
	function showCompensation(carriers) {
		state.compensation = carriers.compensation;
		const button = $('compensation');
		button.textContent = `Compensation: ${carriers.compensation ? 'on' : 'off'}`;
		button.setAttribute('aria-pressed', String(carriers.compensation));
		$('now-extra').textContent = String(carriers.extra);
	}

	async function toggleCompensation() {
		const enabled = !state.compensation;
		try {
			const response = await fetch(`dashboard/compensation?enabled=${enabled}`, { method: 'POST' });
			const body = await response.json();
			if (!response.ok) {
				status(body.detail || `compensation: HTTP ${response.status}`);
				return;
			}
			showCompensation(body);
			status(`compensation ${enabled ? 'on' : 'off'}`);
		}
		catch (error) {
			status(`compensation: ${error}`);
		}
	}

	$('compensation').addEventListener('click', toggleCompensation);
	$('burst-direct').addEventListener('click', () => burst('direct'));
	$('burst-duckdb-direct').addEventListener('click', () => burstDuckDb('direct'));
	$('burst-duckdb-offloaded').addEventListener('click', () => burstDuckDb('offloaded'));
	$('burst-offloaded').addEventListener('click', () => burst('offloaded'));
	poll();
})();
