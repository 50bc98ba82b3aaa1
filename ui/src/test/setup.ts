import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// jsdom has no scrolling; the router's scroll restoration calls it.
window.scrollTo = () => {};
