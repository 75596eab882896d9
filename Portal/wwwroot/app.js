window.portal = {
    copyText: (text) => navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.resolve(),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    rememberTheme: (value) => {
        document.cookie = `portal-theme=${value}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
    },
};

// The client's page is static HTML: its <time data-local> reads in the visitor's own time zone, and the page reloads
// itself when what it offers changes (data-reload-in seconds: "Join now" opens, the session ends).
document.addEventListener('DOMContentLoaded', () => {
    const zone = window.portal.timeZone();
    for (const time of document.querySelectorAll('time[data-local]')) {
        const at = new Date(time.getAttribute('datetime'));
        const text = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' }).format(at);
        time.textContent = `${text} (${zone})`;
    }
    const reload = document.querySelector('[data-reload-in]');
    const seconds = reload ? Number(reload.getAttribute('data-reload-in')) : 0;
    if (seconds > 0 && seconds < 86400) {
        setTimeout(() => location.reload(), seconds * 1000 + 1000);
    }
});
