// Tells the design system's CSS that its JavaScript will run (it styles some components for that).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
