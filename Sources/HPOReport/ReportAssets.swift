/// The report's stylesheet and script, inlined in every page (nothing is fetched).
/// The trials table, last on the page, has `content-visibility: auto`: a browser lays out its
/// rows only once it scrolls near them (10,000 rows: 7 s down to 2 s in headless Chromium).
enum ReportAssets {
    static let css = """
        :root{--ink:#1d2430;--muted:#5b6575;--line:#e3e7ee;--card:#fff;--bg:#f5f7fa;--accent:#3b528b}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
        "DejaVu Sans",sans-serif}
        header,section{background:var(--card);margin:14px auto;max-width:1120px;padding:14px 20px;border-radius:8px;\
        box-shadow:0 1px 3px rgba(0,0,0,.08)}
        h1{margin:0 0 8px;font-size:22px}h2{margin:0 0 2px;font-size:17px}
        .aid{margin:0 0 10px;color:var(--muted);font-size:13px}
        .live{background:#fff4d6;padding:4px 8px;border-radius:4px;display:inline-block;margin:0 0 8px}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
        dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
        code{background:#eef1f6;border-radius:3px;padding:0 4px;font-size:12.5px}
        progress{margin-left:10px;vertical-align:middle;width:140px}
        svg.plot{display:block;max-width:100%;height:auto;font-size:11px}
        .grid{display:flex;flex-wrap:wrap;gap:8px}
        .area{fill:#fafbfd;stroke:var(--line)}
        .axis line{stroke:var(--line)}.axis text{fill:var(--muted)}.axis .title{fill:var(--ink);font-size:12px}
        .paxis line{stroke:#8a93a3}.paxis text{fill:var(--ink);paint-order:stroke;stroke:#fff;stroke-width:3px}
        .pts circle{stroke:rgba(0,0,0,.35);stroke-width:.6}
        .history .best{fill:none;stroke:#e4572e;stroke-width:2}
        .history .fail{fill:#d62728;font-size:13px}.history .int,.history .run{fill:#888;font-size:11px}
        .history .sup{fill:#e39a9a;font-size:13px}.history text.prune{fill:#b0803f;font-size:10px}
        .history path.prune{stroke:#6b4a1f;stroke-width:.8}
        .curves path{fill:none;stroke-width:1;opacity:.45}
        .curves path.top{stroke-width:2.6;opacity:1}
        .ends text{fill:#d62728;font-size:12px}.ends .sup{fill:#e39a9a}.ends .int{fill:#888}
        .ends .prune{fill:#b0803f;font-size:10px}
        .bars .queue{fill:#dfe3ea}
        .lines path{fill:none;stroke-width:1.2;opacity:.55}
        .bar{fill:var(--accent)}
        .bars rect{stroke:#fff;stroke-width:.5}
        svg .hl{stroke:#e4572e!important;stroke-width:3!important;opacity:1!important}
        .scroll{overflow:auto;max-height:640px}
        #trials{content-visibility:auto;contain-intrinsic-size:auto 800px}
        table{border-collapse:collapse;font-size:12.5px;width:100%}
        th{position:sticky;top:0;background:#eef1f6;cursor:pointer;text-align:left;white-space:nowrap;padding:4px 8px}
        th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
        td{border-top:1px solid var(--line);padding:3px 8px;white-space:nowrap}
        tr.failed td:nth-child(2){color:#d62728}tr.superseded td:nth-child(2){color:#e39a9a}
        tr.pruned td:nth-child(2){color:#b0803f}tr.bestrow{background:#fff7d1}tr.hl{background:#ffe2d6}
        td.files a{margin-right:4px}
        input[type=search]{padding:4px 8px;border:1px solid #c9d0db;border-radius:4px;width:240px}
        .empty{color:var(--muted);font-style:italic}
        #tip{position:fixed;pointer-events:none;background:#1d2430;color:#fff;padding:6px 9px;border-radius:5px;\
        font-size:12px;max-width:420px;white-space:pre-line;z-index:9}
        """

    /// Hover: a mark or a row with `data-t` shows that trial's row as a tip and lights the
    /// trial up in every plot. Sorting: a click on a column's name. Filter: the text box.
    /// Once laid out, each plot gets `data-box` (its place on the page) and the body
    /// `data-layout-ms` (milliseconds from navigation to layout), which the tests read.
    static let script = """
        (function(){
        "use strict";
        var table=document.getElementById("table"),tip=document.getElementById("tip");
        var heads=table?Array.prototype.map.call(table.tHead.rows[0].cells,function(c){return c.textContent;}):[];
        var byTrial=null,lit=[];
        function marks(t){
          if(!byTrial){byTrial={};document.querySelectorAll("[data-t]").forEach(function(e){
            var k=e.getAttribute("data-t");(byTrial[k]=byTrial[k]||[]).push(e);});
            Array.prototype.forEach.call(table?table.tBodies[0].rows:[],function(r){
            var k=r.id.slice(1);(byTrial[k]=byTrial[k]||[]).push(r);});}
          return byTrial[t]||[];
        }
        function light(t){lit.forEach(function(e){e.classList.remove("hl");});lit=t?marks(t):[];
          lit.forEach(function(e){e.classList.add("hl");});}
        document.addEventListener("mouseover",function(ev){
          var e=ev.target.closest?ev.target.closest("[data-t],tbody tr"):null;
          if(!e){tip.hidden=true;light(null);return;}
          var t=e.getAttribute("data-t")||e.id.slice(1);light(t);
          if(e.tagName==="TR"){tip.hidden=true;return;}
          var row=document.getElementById("t"+t),lines=[];
          if(row){for(var i=0;i<heads.length-1;i++){var v=row.cells[i].textContent;if(v)lines.push(heads[i]+": "+v);}}
          tip.textContent=lines.join("\\n");tip.hidden=false;
        });
        document.addEventListener("mousemove",function(ev){
          if(!tip.hidden){tip.style.left=(ev.clientX+14)+"px";tip.style.top=(ev.clientY+14)+"px";}
        });
        // Where each plot landed, and the time to here (load and layout), for the browser tests and the bench.
        document.querySelectorAll("svg.plot").forEach(function(s){var r=s.getBoundingClientRect();
          s.setAttribute("data-box",[r.left+scrollX,r.top+scrollY,r.width,r.height].map(Math.round).join(","));});
        document.body.setAttribute("data-layout-ms",String(Math.round(performance.now())));
        if(!table)return;
        var body=table.tBodies[0];
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
          th.addEventListener("click",function(){
            var up=!th.classList.contains("asc");
            Array.prototype.forEach.call(th.parentNode.cells,function(c){c.classList.remove("asc","desc");});
            th.classList.add(up?"asc":"desc");
            var rows=Array.prototype.slice.call(body.rows);
            var keyed=rows.map(function(r){var s=r.cells[col].textContent,n=parseFloat(s);
              return {r:r,s:s,n:(s!==""&&isFinite(n)&&/^[-+0-9.eE]+$/.test(s))?n:null};});
            keyed.sort(function(a,b){
              if(a.s===""||b.s==="")return (a.s==="")-(b.s==="");
              var d=(a.n!==null&&b.n!==null)?a.n-b.n:a.s.localeCompare(b.s);return up?d:-d;});
            var f=document.createDocumentFragment();keyed.forEach(function(k){f.appendChild(k.r);});body.appendChild(f);
          });
        });
        var filter=document.getElementById("filter"),shown=document.getElementById("shown");
        filter.addEventListener("input",function(){
          var q=filter.value.toLowerCase(),n=0;
          Array.prototype.forEach.call(body.rows,function(r){
            var on=!q||r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!on;if(on)n++;});
          shown.textContent=n+" of "+body.rows.length+" trials";
        });
        })();
        """
}
