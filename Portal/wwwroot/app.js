window.portal = {
    copyText: (text) => navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.resolve(),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    rememberTheme: (value) => {
        document.cookie = `portal-theme=${value}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
    },
};
