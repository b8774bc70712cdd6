// The review page: send an article to POST /structure and draw the records over its text.
// Plain browser JavaScript, no build step. Text from the article or the model is only ever
// put in the page as text nodes, never as HTML.
"use strict";

(() => {
  const KINDS = [
    ["claims", "claim"],
    ["denials", "denial"],
    ["statistics", "statistic"],
  ];
  const LABELS = { claim: "Claim", denial: "Denial", statistic: "Statistic" };
  const needsKey = document.documentElement.dataset.auth === "bearer";
  // The API key lives in this variable and the password field only: never in storage.
  let apiKey = "";

  const byId = (id) => document.getElementById(id);

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function setStatus(message, isError) {
    const status = byId("status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function authHeaders() {
    return needsKey && apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  }

  // A problem document (RFC 9457) as one line: status, title, detail and each field's reason.
  function problemMessage(status, payload) {
    if (!payload || !(payload.detail || payload.title)) return `The service answered ${status}.`;
    const fields = (payload.errors || []).map((error) => `${error.field}: ${error.reason}`);
    return [`${status} ${payload.title || ""}`.trim(), payload.detail, ...fields]
      .filter(Boolean)
      .join(" · ");
  }

  // Records of every kind, in the order their evidence appears in the text.
  function recordsOf(response) {
    const records = [];
    for (const [field, kind] of KINDS) {
      for (const record of response[field] || []) records.push({ kind, record });
    }
    records.sort((a, b) => a.record.evidence.start - b.record.evidence.start);
    return records;
  }

  // Cut the text (an array of code points) at every span edge; each piece knows which
  // records cover it.
  function segments(text, records) {
    const edges = new Set([0, text.length]);
    const spans = [];
    for (const entry of records) {
      const { start, end } = entry.record.evidence;
      if (!(start >= 0 && end <= text.length && start < end)) continue;
      edges.add(start);
      edges.add(end);
      spans.push(entry);
    }
    const cuts = [...edges].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const [start, end] = [cuts[i], cuts[i + 1]];
      const covering = spans.filter(
        ({ record }) => record.evidence.start <= start && end <= record.evidence.end,
      );
      pieces.push({ start, end, covering });
    }
    return pieces;
  }

  function drawText(text, records) {
    const article = byId("article");
    article.replaceChildren();
    const firstPiece = new Set();
    // Offsets count Unicode code points (Python's str indexes), not UTF-16 units.
    const points = Array.from(text);
    for (const piece of segments(points, records)) {
      const words = points.slice(piece.start, piece.end).join("");
      if (piece.covering.length === 0) {
        article.append(document.createTextNode(words));
        continue;
      }
      const kinds = [...new Set(piece.covering.map((entry) => entry.kind))];
      const ids = piece.covering.map((entry) => entry.record.id);
      const mark = element(
        "mark",
        {
          className: ["span", ...kinds.map((kind) => `kind-${kind}`)].join(" "),
          tabindex: 0,
          title: piece.covering.map(({ kind, record }) => `${LABELS[kind]} ${record.id}`).join(", "),
          dataset: { ids: ids.join(" "), start: piece.start, end: piece.end },
        },
        words,
      );
      // The first piece of each record is its anchor (#span-ID); a piece anchors one record.
      const opening = ids.find((id) => !firstPiece.has(id));
      for (const id of ids) firstPiece.add(id);
      if (opening) mark.id = `span-${opening}`;
      article.append(mark);
    }
  }

  function marksOf(id) {
    return [...document.querySelectorAll("mark.span")].filter((mark) =>
      mark.dataset.ids.split(" ").includes(id),
    );
  }

  function focusRecord(id) {
    clearActive();
    const marks = marksOf(id);
    for (const mark of marks) mark.classList.add("active");
    const card = byId(`card-${id}`);
    if (card) card.classList.add("active");
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function focusCards(ids) {
    clearActive();
    for (const id of ids) for (const mark of marksOf(id)) mark.classList.add("active");
    const cards = ids.map((id) => byId(`card-${id}`)).filter(Boolean);
    for (const card of cards) card.classList.add("active");
    if (cards.length) cards[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function clearActive() {
    for (const node of document.querySelectorAll(".active")) node.classList.remove("active");
  }

  function recordLink(id, label) {
    const link = element("a", { href: `#card-${id}`, dataset: { card: id } }, label);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      focusCards([id]);
    });
    return link;
  }

  function card(kind, record, rebuttals, claimsById) {
    const badge = element("a", { href: `#span-${record.id}`, dataset: { span: record.id } },
      `${LABELS[kind]} ${record.id}`);
    const header = element("header", {}, badge, record.date ? element("span", {}, record.date) : null);
    const body = [];
    if (kind === "claim") body.push(element("p", {}, record.statement));
    if (kind === "denial") body.push(element("p", {}, "Denies: ", record.denied));
    if (kind === "statistic") {
      const figure = [record.value, record.unit].filter((part) => part !== null).join(" ");
      const total = record.total !== null ? ` of ${record.total}` : "";
      body.push(element("p", {}, element("span", { className: "figure" }, figure + total),
        " · ", record.measure));
      if (record.source) body.push(element("p", { className: "links" }, "Source: ", record.source));
    }
    if (record.quote) body.push(element("blockquote", {}, `“${record.quote}”`));
    if (kind === "denial" && record.rebuts) {
      const claim = claimsById.get(record.rebuts);
      body.push(element("p", { className: "links rebuts" }, "Rebuts ",
        recordLink(record.rebuts, `claim ${record.rebuts}`),
        claim ? `: ${claim.statement}` : " (not in this response)"));
    }
    if (kind === "claim" && rebuttals.has(record.id)) {
      const links = rebuttals.get(record.id).map((denialId) => recordLink(denialId, denialId));
      body.push(element("p", { className: "links rebutted" }, "Rebutted by ",
        ...links.flatMap((link, index) => (index ? [", ", link] : [link]))));
    }
    const node = element("div", {
      className: `card kind-${kind}`, id: `card-${record.id}`, dataset: { id: record.id, kind },
    }, header, ...body);
    node.addEventListener("click", () => focusRecord(record.id));
    badge.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      focusRecord(record.id);
    });
    return node;
  }

  function speakerKey(speaker) {
    return speaker.name.trim().toLocaleLowerCase();
  }

  function drawCards(records) {
    const cards = byId("cards");
    cards.replaceChildren();
    const claimsById = new Map();
    const rebuttals = new Map();
    for (const { kind, record } of records) {
      if (kind === "claim") claimsById.set(record.id, record);
      if (kind === "denial" && record.rebuts) {
        rebuttals.set(record.rebuts, [...(rebuttals.get(record.rebuts) || []), record.id]);
      }
    }
    // Speakers in the order they first speak; their claims and denials under them.
    const speakers = new Map();
    for (const entry of records) {
      if (entry.kind === "statistic") continue;
      const key = speakerKey(entry.record.speaker);
      if (!speakers.has(key)) speakers.set(key, { speaker: entry.record.speaker, roles: new Set(), entries: [] });
      const group = speakers.get(key);
      if (entry.record.speaker.role) group.roles.add(entry.record.speaker.role);
      group.entries.push(entry);
    }
    cards.append(element("h2", {}, `Speakers (${speakers.size})`));
    if (speakers.size === 0) cards.append(element("p", { className: "empty" }, "No claims or denials."));
    for (const group of speakers.values()) {
      const roles = [...group.roles].join("; ");
      const section = element("section", { className: "speaker", dataset: { speaker: group.speaker.name } },
        element("h3", {}, group.speaker.name, roles ? element("span", { className: "role" }, ` · ${roles}`) : null),
        group.entries.map(({ kind, record }) => card(kind, record, rebuttals, claimsById)));
      cards.append(section);
    }
    const statistics = records.filter((entry) => entry.kind === "statistic");
    cards.append(element("h2", {}, `Statistics (${statistics.length})`));
    if (statistics.length === 0) cards.append(element("p", { className: "empty" }, "No statistics."));
    for (const { kind, record } of statistics) cards.append(card(kind, record, rebuttals, claimsById));
  }

  function drawSummary(response, records) {
    const count = (kind) => records.filter((entry) => entry.kind === kind).length;
    byId("counts").textContent =
      `${count("claim")} claims · ${count("denial")} denials · ${count("statistic")} statistics`;
    const meta = response.meta || {};
    const seconds = typeof meta.latency_ms === "number" ? `${(meta.latency_ms / 1000).toFixed(1)} s` : "";
    byId("meta").textContent = [meta.model, meta.strategy, seconds,
      meta.language ? `language ${meta.language}` : "",
      meta.llm_calls !== undefined ? `${meta.llm_calls} model calls` : "",
      meta.cache ? `cache ${meta.cache}` : "", meta.request_id ? `request ${meta.request_id}` : ""]
      .filter(Boolean).join(" · ");
  }

  // Draw one StructureResponse; without its article text, only the cards can be shown.
  function render(text, response, notice) {
    const records = recordsOf(response);
    byId("result").hidden = false;
    drawSummary(response, records);
    // The service's warnings (an article not in English, a question left to the rules).
    const warnings = (response.meta && Array.isArray(response.meta.warnings)) ? response.meta.warnings : [];
    const notes = [notice, ...warnings].filter(Boolean);
    const noticeNode = byId("notice");
    noticeNode.hidden = notes.length === 0;
    noticeNode.textContent = notes.join(" ");
    if (text === null) {
      byId("article").replaceChildren(element("p", { className: "empty" },
        "The article text is not available, so the records are shown without it."));
    } else {
      drawText(text, records);
    }
    drawCards(records);
  }

  async function submit(event) {
    event.preventDefault();
    const text = byId("text").value;
    if (!text.trim()) {
      setStatus("Paste an article first.", true);
      return;
    }
    if (needsKey) {
      apiKey = byId("api-key").value.trim();
      if (!apiKey) {
        setStatus("This service needs an API key: enter it above.", true);
        return;
      }
    }
    const body = { text };
    const title = byId("title").value.trim();
    const published = byId("published").value;
    if (title) body.title = title;
    if (published) body.published = published;
    const button = byId("submit");
    button.disabled = true;
    setStatus("Structuring… a local model can take a minute or more.");
    const started = performance.now();
    try {
      const response = await fetch("/structure", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...authHeaders() },
        body: JSON.stringify(body),
      });
      const payload = await response.json().catch(() => null);
      if (!response.ok) {
        setStatus(problemMessage(response.status, payload), true);
        return;
      }
      render(text, payload);
      setStatus(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      byId("result").scrollIntoView({ block: "start" });
    } catch (error) {
      setStatus(`The request did not complete: ${error.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  // /review?job=ID: a finished job's first article (GET /v1/jobs/{id}, API.md "Jobs (v1)").
  async function loadJob(jobId) {
    if (needsKey && !apiKey) {
      setStatus("Enter the API key that submitted the job, then press Structure to load it.", true);
      return false;
    }
    setStatus(`Loading job ${jobId}…`);
    const response = await fetch(`/v1/jobs/${encodeURIComponent(jobId)}`, {
      headers: { accept: "application/json", ...authHeaders() },
    });
    const job = await response.json().catch(() => null);
    if (!response.ok) {
      setStatus(problemMessage(response.status, job), true);
      return true;
    }
    const results = (job && job.results) || [];
    const index = results.findIndex((result) => result && Array.isArray(result.claims));
    if (index < 0) {
      setStatus(`Job ${jobId} is ${job ? job.status : "unknown"}; it has no structured article yet.`);
      return true;
    }
    const articles = job.articles || [];
    const text = articles[index] && typeof articles[index].text === "string" ? articles[index].text : null;
    const others = results.length > 1 ? `Article ${index + 1} of ${results.length} in job ${jobId}.` : "";
    render(text, results[index], others);
    setStatus(`Job ${jobId}: ${job.status}.`);
    return true;
  }

  document.addEventListener("DOMContentLoaded", () => {
    byId("key-field").hidden = !needsKey;
    const jobId = new URLSearchParams(window.location.search).get("job");
    let jobPending = Boolean(jobId);
    byId("article-form").addEventListener("submit", async (event) => {
      if (jobPending && byId("text").value.trim() === "") {
        event.preventDefault();
        apiKey = byId("api-key").value.trim();
        jobPending = !(await loadJob(jobId));
        return;
      }
      await submit(event);
    });
    byId("article").addEventListener("click", (event) => {
      const mark = event.target.closest("mark.span");
      if (mark) focusCards(mark.dataset.ids.split(" "));
    });
    byId("article").addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark.span");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        focusCards(mark.dataset.ids.split(" "));
      }
    });
    if (jobId) {
      loadJob(jobId)
        .then((done) => { jobPending = !done; })
        .catch((error) => setStatus(`The job could not be loaded: ${error.message}`, true));
    }
  });
})();
