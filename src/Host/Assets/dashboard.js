// The dashboard's only script, small and dependency-free. Forms send what they would send anyway, asking for the
// API's JSON answer, so refusals appear next to their field without a reload; the operator stream moves status
// badges in place, refreshes the lists another operator changed, and announces incidents declared elsewhere.
(() => {
    const csrf = document.querySelector('meta[name=csrf]').content;
    const live = document.getElementById('live');
    const declaredHere = new Set();
    const inFlight = new Set();
    let dragged;
    const words = s => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');
    // A refusal of one field names it as the only key of the validation problem's errors.
    const fieldOf = answer => Object.keys(answer?.errors ?? {})[0];
    const toast = text => {
        const note = Object.assign(document.createElement('div'), { className: 'toast', textContent: text });
        note.setAttribute('role', 'status');
        document.getElementById('toasts').append(note);
        setTimeout(() => note.remove(), 10000);
    };
    // Another operator's change refreshes the lists it touched, never a form someone is typing in; one's own change
    // refreshes the whole page, as the redirect after a plain form post would.
    let latest = 0;
    let wholeAsked = false;
    const refresh = async (whole = false) => {
        const mine = ++latest;
        wholeAsked ||= whole;
        const response = await fetch(location.href, { headers: { Accept: 'text/html' } });
        // A slower, older answer must not put back what a newer one already showed; the newest does what any asked.
        if (!response.ok || mine !== latest) return;
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        if (wholeAsked) {
            wholeAsked = false;
            return document.querySelector('main').replaceWith(fresh.querySelector('main'));
        }
        document.querySelectorAll('[data-live-region]').forEach(region => {
            const replacement = fresh.getElementById(region.id);
            if (replacement && !region.contains(document.activeElement) && !region.contains(dragged)) region.replaceWith(replacement);
        });
    };
    let pending;
    const refreshSoon = () => { clearTimeout(pending); pending = setTimeout(() => refresh(), 100); };

    document.addEventListener('submit', async event => {
        const form = event.target;
        if (!form.matches('form[data-enhance]')) return;
        event.preventDefault();
        const formError = form.querySelector('.form-error');
        formError.textContent = '';
        form.querySelectorAll('[data-error-for]').forEach(slot => slot.textContent = '');
        form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
        const fields = new FormData(form, event.submitter);
        const sent = fetch(form.action, {
            method: 'POST', body: form.enctype === 'multipart/form-data' ? fields : new URLSearchParams(fields), headers: { Accept: 'application/json' }
        }).then(async response => {
            const answer = (response.headers.get('content-type') || '').includes('json') ? await response.json() : null;
            if (response.ok && answer?.id) declaredHere.add(answer.id);
            return { response, answer };
        });
        inFlight.add(sent);
        const { response, answer } = await sent.finally(() => inFlight.delete(sent));
        if (!response.ok) {
            const detail = (response.status === 403 ? 'Your role does not allow this. ' : '')
                + (answer?.detail || answer?.title || `The server answered ${response.status}.`);
            const slot = form.querySelector(`[data-error-for="${fieldOf(answer)}"]`);
            (slot || formError).textContent = detail;
            const input = slot?.closest('.field')?.querySelector('input:not([type=hidden]), select, textarea');
            input?.setAttribute('aria-invalid', 'true');
            input?.focus();
            return;
        }
        const next = form.querySelector('input[name=_next]')?.value;
        if (next) return location.assign(next);
        if (!form.dataset.result) return refresh(true);
        const shown = document.getElementById(`${form.id}-result`);
        shown.querySelectorAll('[data-answer]').forEach(slot => slot.textContent = answer[slot.dataset.answer]);
        shown.hidden = false;
        form.reset();
        await refresh();
    });

    let previewing;
    document.addEventListener('input', event => {
        const area = event.target.closest?.('textarea[data-preview]');
        if (area) {
            clearTimeout(previewing);
            previewing = setTimeout(async () => {
                const response = await fetch('/dashboard/preview', {
                    method: 'POST', body: new URLSearchParams({ markdown: area.value }), headers: { 'X-CSRF-TOKEN': csrf }
                });
                if (response.ok) document.querySelector(`[data-preview-of="${area.id}"]`).innerHTML = await response.text();
            }, 200);
        }
        const slider = event.target.closest?.('input[data-as-of]');
        if (slider) document.getElementById(slider.dataset.asOf).textContent = new Date(slider.value * 1000).toISOString().replace('.000Z', 'Z');
    });
    document.addEventListener('change', event => event.target.closest?.('[data-autosubmit]')?.form.submit());

    // Dragging a component within its list sends the list's new order: the same command as the move buttons.
    const rowIn = event => event.target.closest?.('[data-order] > [data-component]');
    document.addEventListener('dragstart', event => dragged = rowIn(event));
    document.addEventListener('dragover', event => { if (dragged && rowIn(event)?.parentElement === dragged.parentElement) event.preventDefault(); });
    document.addEventListener('drop', async event => {
        const target = rowIn(event);
        if (!dragged || target?.parentElement !== dragged.parentElement) return;
        event.preventDefault();
        const rows = [...target.parentElement.children];
        rows.indexOf(dragged) < rows.indexOf(target) ? target.after(dragged) : target.before(dragged);
        const list = target.parentElement;
        await fetch(list.dataset.order, {
            method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf },
            body: JSON.stringify({ components: [...list.children].map(row => row.dataset.component) })
        });
        dragged = null;
        await refresh(true);
    });

    const stream = document.body.dataset.stream;
    if (!stream || new URLSearchParams(location.search).has('at')) return;
    const source = new EventSource(stream);
    source.addEventListener('connected', () => { live.textContent = '● Live'; live.className = 'on'; });
    source.onerror = () => { live.textContent = 'Reconnecting…'; live.className = 'lost'; };
    source.addEventListener('reload', () => location.reload());
    source.addEventListener('service:status', e => {
        const component = JSON.parse(e.data);
        const badges = document.querySelectorAll(`[data-component="${component.id}"] .badge`);
        if (badges.length === 0 || component.removed) return refreshSoon();
        badges.forEach(badge => {
            badge.dataset.status = component.status;
            badge.textContent = words(component.status);
            badge.classList.add('flash');
            setTimeout(() => badge.classList.remove('flash'), 1200);
        });
    });
    // The news of one's own incident may come before the answer that names it: wait for the answers under way.
    source.addEventListener('incident:created', async e => {
        const incident = JSON.parse(e.data);
        await Promise.allSettled([...inFlight]);
        if (!declaredHere.has(incident.id)) toast(`Incident declared: ${incident.name}`);
    });
    ['incident:created', 'incident:updated', 'incident:resolved', 'service:group', 'maintenance:scheduled', 'maintenance:updated',
     'maintenance:started', 'maintenance:completed', 'maintenance:cancelled', 'apikey:issued', 'apikey:revoked']
        .forEach(topic => source.addEventListener(topic, refreshSoon));
})();
