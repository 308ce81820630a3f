// A stand-in for an analytics tag: it sets its cookie when it loads, which
// the fixtures' banners allow only after consent.
document.cookie = "_ga=GA1.1.1234567890.1700000000; path=/; max-age=3600";
window.analyticsLoaded = true;
