// The tablet's own copy of annotation changes, in IndexedDB, so that nothing drawn is lost
// when the Wi-Fi drops or the tablet sleeps. Two stores:
// - "queue": one entry per annotation id with its latest unsent state (later edits of the
//   same id replace the entry, so a retry never sends a stroke twice); an entry is removed
//   only when the server confirmed exactly that state (same `stamp`).
// - "cache": the last list the server sent per version, to open annotations offline.
// Without IndexedDB (a private window) both live in memory: still correct while the page
// stays open.
const DB_NAME = "council-annotations";
const DB_VERSION = 1;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id" });
      if (!db.objectStoreNames.contains("cache")) db.createObjectStore("cache", { keyPath: "versionId" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

class MemoryStore {
  constructor() {
    this.queue = new Map();
    this.cache = new Map();
  }
  async put(entry) { this.queue.set(entry.id, structuredClone(entry)); }
  async get(id) { return structuredClone(this.queue.get(id)); }
  async all() { return [...this.queue.values()].map((e) => structuredClone(e)).sort(byTime); }
  async remove(id, stamp) {
    const entry = this.queue.get(id);
    if (entry && entry.stamp === stamp) this.queue.delete(id);
    return Boolean(entry && entry.stamp === stamp);
  }
  async update(id, changes) {
    const entry = this.queue.get(id);
    if (entry) Object.assign(entry, changes);
  }
  async saveList(versionId, annotations) { this.cache.set(versionId, { versionId, annotations }); }
  async loadList(versionId) { return (this.cache.get(versionId) || {}).annotations || null; }
}

const byTime = (a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1);

class IdbStore {
  constructor(db) { this.db = db; }
  tx(name, mode = "readonly") { return this.db.transaction(name, mode).objectStore(name); }
  async put(entry) { await request(this.tx("queue", "readwrite").put(entry)); }
  async get(id) { return request(this.tx("queue").get(id)); }
  async all() { return (await request(this.tx("queue").getAll())).sort(byTime); }
  // Read and delete in one transaction: an edit queued meanwhile (another stamp) survives.
  remove(id, stamp) {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction("queue", "readwrite");
      const store = tx.objectStore("queue");
      let removed = false;
      store.get(id).onsuccess = (event) => {
        const entry = event.target.result;
        if (entry && entry.stamp === stamp) {
          store.delete(id);
          removed = true;
        }
      };
      tx.oncomplete = () => resolve(removed);
      tx.onerror = () => reject(tx.error);
    });
  }
  update(id, changes) {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction("queue", "readwrite");
      const store = tx.objectStore("queue");
      store.get(id).onsuccess = (event) => {
        const entry = event.target.result;
        if (entry) store.put({ ...entry, ...changes });
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  async saveList(versionId, annotations) {
    await request(this.tx("cache", "readwrite").put({ versionId, annotations }));
  }
  async loadList(versionId) {
    const row = await request(this.tx("cache").get(versionId));
    return row ? row.annotations : null;
  }
}

export async function openStore() {
  try {
    if (!("indexedDB" in window)) throw new Error("no IndexedDB");
    return new IdbStore(await openDb());
  } catch (error) {
    console.warn("annotations: keeping unsent changes in memory only", error);
    return new MemoryStore();
  }
}
