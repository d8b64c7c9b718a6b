// The design system's behaviour for the components on the page (menu toggle, skip link, error
// summary). Every page works without it.
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";

initAll();
