window.portal = {
    copyText: (text) => navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.resolve(),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    rememberTheme: (value) => {
        document.cookie = `portal-theme=${value}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
    },
};

// Row actions of big lists (RowActionEvent.cs): one delegated event instead of a Blazor handler per row element.
(() => {
    const raise = (event) => {
        const element = event.target.closest && event.target.closest('[data-row-action]');
        if (!element || (event.type === 'click') === (element.type === 'checkbox')) {
            return;
        }
        element.dispatchEvent(new CustomEvent('rowaction', {
            bubbles: true,
            detail: { action: element.dataset.rowAction, id: Number(element.dataset.id), checked: !!element.checked },
        }));
    };
    document.addEventListener('click', raise);
    document.addEventListener('change', raise);
    Blazor.registerCustomEventType('rowaction', { createEventArgs: (event) => event.detail });
})();
