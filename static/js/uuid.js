// Kept so that modules written before lib/ existed still load: new code imports
// ./lib/ids.js (the one definition).
export { uuid4 } from "./lib/ids.js";
