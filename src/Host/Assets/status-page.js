// The status page's live updates, a progressive enhancement: the page is complete without this. Components change in
// place from the public stream; when the page's status moves, the server-rendered main part is fetched again and swapped in.
(() => {
    const live = document.getElementById('live');
    const words = s => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');
    const refresh = async () => {
        const response = await fetch(location.href, { cache: 'no-cache', headers: { Accept: 'text/html' } });
        if (!response.ok) return;
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('main');
        if (fresh) document.querySelector('main').replaceWith(fresh);
    };
    const source = new EventSource(document.body.dataset.stream);
    source.addEventListener('connected', () => { live.textContent = '● Live'; live.className = 'on'; });
    source.onerror = () => {
        // A node with no room for this reader answers 503, which EventSource does not retry: the page then
        // refreshes itself now and then instead.
        if (source.readyState !== EventSource.CLOSED) {
            live.textContent = 'Live updates lost, reconnecting…'; live.className = 'lost';
            return;
        }
        live.textContent = 'Refreshing every 30 s'; live.className = 'lost';
        setInterval(refresh, 30000);
    };
    // Sent instead of what was missed when that is too much or too old to replay.
    source.addEventListener('reload', () => location.reload());
    source.addEventListener('service:status', e => {
        const component = JSON.parse(e.data);
        const row = document.querySelector(`[data-component="${component.id}"]`);
        if (!row) return refresh();
        row.dataset.status = component.status;
        row.querySelector('.status').textContent = words(component.status);
    });
    source.addEventListener('page:status', refresh);
})();
