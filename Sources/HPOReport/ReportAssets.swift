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
        .cv{position:relative;display:inline-block;max-width:100%;vertical-align:top}.cv svg.plot{display:block;position:relative}
        .cv .area{fill:none}
        .cv canvas,.cv .hlc{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none}
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

    /// A canvas plot is a box holding its canvas, then its SVG (frame, grid, labels, on top,
    /// taking the pointer) and a layer for the highlight.
    ///
    /// Hover: a mark or a row with `data-t` (or, on a canvas plot, the mark nearest the
    /// pointer) shows that trial's row as a tip and lights the trial up in every plot.
    /// Sorting: a click on a column's name. Filter: the text box. A large report's canvas
    /// plots are painted from their data, and its table rows past the first ones are added
    /// from data as the table is scrolled (all at once before a sort or a filter). Once laid
    /// out, each plot gets `data-box` (its place on the page), each canvas plot `data-drawn`
    /// (the marks painted) and the body `data-layout-ms` (milliseconds from navigation to
    /// here), which the tests and the bench read.
    static let script = """
        (function(){
        "use strict";
        var table=document.getElementById("table"),tip=document.getElementById("tip");
        var heads=table?Array.prototype.map.call(table.tHead.rows[0].cells,function(c){return c.textContent;}):[];
        var body=table?table.tBodies[0]:null,restEl=document.getElementById("rows");
        var rest=restEl?JSON.parse(restEl.textContent):[],restAt=0,restById=null;
        var byTrial=null,lit=[],current=null,plots=[];
        var glyphFill={fail:"#d62728",sup:"#e39a9a",prune:"#b0803f"};
        function draw(g,m){
          var k=m[0],i;
          if(k==="c"){g.beginPath();g.arc(m[3],m[4],m[5],0,6.2832);g.fillStyle=m[2];g.fill();
            g.lineWidth=0.6;g.strokeStyle="rgba(0,0,0,.35)";g.stroke();}
          else if(k==="g"){g.fillStyle=glyphFill[m[2]]||"#888";g.font=(m[2]==="prune"?"10":"13")+"px sans-serif";
            g.textAlign="center";g.fillText(m[5],m[3],m[4]);}
          else if(k==="r"){g.fillStyle=m[2];g.fillRect(m[3],m[4],m[5],m[6]);}
          else{g.beginPath();g.moveTo(m[3],m[4]);for(i=5;i+1<m.length;i+=2)g.lineTo(m[i],m[i+1]);
            if(k==="f"){g.closePath();g.fillStyle=m[2];g.fill();g.lineWidth=0.8;g.strokeStyle="#6b4a1f";g.stroke();}
            else{g.globalAlpha=0.55;g.lineWidth=1.2;g.strokeStyle=m[2];g.stroke();g.globalAlpha=1;}}
        }
        function paint(svg){
          var marks=JSON.parse(document.getElementById(svg.getAttribute("data-canvas")).textContent);
          var vb=svg.viewBox.baseVal,r=svg.getBoundingClientRect(),d=window.devicePixelRatio||1;
          var c=document.createElement("canvas");
          c.width=Math.max(1,Math.round(r.width*d));c.height=Math.max(1,Math.round(r.height*d));
          svg.parentNode.insertBefore(c,svg);
          var g=c.getContext("2d"),n=0,a=svg.querySelector(".area");g.scale(c.width/vb.width,c.height/vb.height);
          // Under the SVG (its frame, grid and labels on top): the plot area's colour first.
          if(a){g.fillStyle="#fafbfd";g.fillRect(+a.getAttribute("x"),+a.getAttribute("y"),+a.getAttribute("width"),
            +a.getAttribute("height"));}
          marks.forEach(function(m){draw(g,m);if(m[1])n++;});
          svg.setAttribute("data-drawn",String(n));
          var layer=document.createElementNS(svg.namespaceURI,"svg");layer.setAttribute("class","hlc");
          layer.setAttribute("viewBox","0 0 "+vb.width+" "+vb.height);svg.parentNode.appendChild(layer);
          plots.push({svg:svg,marks:marks,vb:vb,layer:layer});
        }
        // The trial whose mark is nearest the pointer on a canvas plot (within 6 units), or null.
        function nearest(svg,ev){
          var p=null;plots.forEach(function(q){if(q.svg===svg)p=q;});if(!p)return null;
          var r=svg.getBoundingClientRect(),x=(ev.clientX-r.left)*p.vb.width/r.width,y=(ev.clientY-r.top)*p.vb.height/r.height;
          var best=null,bd=36;
          p.marks.forEach(function(m){if(!m[1])return;var dd,i;
            if(m[0]==="r"){dd=(x>=m[3]&&x<=m[3]+m[5]&&y>=m[4]&&y<=m[4]+m[6])?0:1e9;}
            else if(m[0]==="c"||m[0]==="g"){dd=(x-m[3])*(x-m[3])+(y-m[4])*(y-m[4]);}
            else{dd=1e9;for(i=3;i+1<m.length;i+=2)dd=Math.min(dd,(x-m[i])*(x-m[i])+(y-m[i+1])*(y-m[i+1]));}
            if(dd<bd){bd=dd;best=m[1];}});
          return best;
        }
        // A canvas plot's marks of trial t, as SVG elements in a layer over the canvas (the highlight).
        function overlay(p,t){
          while(p.layer.firstChild)p.layer.removeChild(p.layer.firstChild);
          if(!t)return;
          p.marks.forEach(function(m){if(m[1]!==t)return;var e,ns=p.svg.namespaceURI;
            if(m[0]==="c"){e=document.createElementNS(ns,"circle");e.setAttribute("cx",m[3]);e.setAttribute("cy",m[4]);
              e.setAttribute("r",m[5]+1);e.setAttribute("fill",m[2]);}
            else if(m[0]==="r"){e=document.createElementNS(ns,"rect");e.setAttribute("x",m[3]);e.setAttribute("y",m[4]);
              e.setAttribute("width",m[5]);e.setAttribute("height",m[6]);e.setAttribute("fill",m[2]);}
            else if(m[0]==="g"){e=document.createElementNS(ns,"text");e.setAttribute("x",m[3]);e.setAttribute("y",m[4]);
              e.setAttribute("text-anchor","middle");e.textContent=m[5];}
            else{e=document.createElementNS(ns,"path");var dd="M"+m[3]+" "+m[4];
              for(var i=5;i+1<m.length;i+=2)dd+="L"+m[i]+" "+m[i+1];e.setAttribute("d",dd+(m[0]==="f"?"z":""));
              e.setAttribute("fill",m[0]==="f"?m[2]:"none");}
            e.setAttribute("class","hl");p.layer.appendChild(e);});
        }
        function marks(t){
          if(!byTrial){byTrial={};document.querySelectorAll("[data-t]").forEach(function(e){
            var k=e.getAttribute("data-t");(byTrial[k]=byTrial[k]||[]).push(e);});
            Array.prototype.forEach.call(body?body.rows:[],function(r){
            var k=r.id.slice(1);(byTrial[k]=byTrial[k]||[]).push(r);});}
          return byTrial[t]||[];
        }
        function light(t){lit.forEach(function(e){e.classList.remove("hl");});lit=t?marks(t):[];
          lit.forEach(function(e){e.classList.add("hl");});plots.forEach(function(p){overlay(p,t);});}
        // The text of trial t's cells: its row, or its data when the row is not on the page yet.
        function cells(t){
          var row=document.getElementById("t"+t);
          if(row)return Array.prototype.map.call(row.cells,function(c){return c.textContent;});
          if(!restById){restById={};rest.forEach(function(r){restById[r[0]]=r.slice(2);});}
          return restById[t]||[];
        }
        document.addEventListener("mousemove",function(ev){
          var e=ev.target.closest?ev.target.closest("svg[data-canvas],[data-t],tbody tr"):null,t=null,row=false;
          if(e&&e.hasAttribute("data-canvas"))t=nearest(e,ev);
          else if(e){t=e.getAttribute("data-t")||e.id.slice(1);row=e.tagName==="TR";}
          if(t!==current){current=t;light(t);
            if(!t||row){tip.hidden=true;}
            else{var c=cells(t),lines=[];
              for(var i=0;i<heads.length-1;i++){if(c[i])lines.push(heads[i]+": "+c[i]);}
              tip.textContent=lines.join("\\n");tip.hidden=false;}}
          if(!tip.hidden){tip.style.left=(ev.clientX+14)+"px";tip.style.top=(ev.clientY+14)+"px";}
        });
        // Rows from data: the next n (all with Infinity), each with its links to the trial's files.
        function addRows(n){
          if(restAt>=rest.length)return;
          var f=document.createDocumentFragment(),base=table.getAttribute("data-base");
          for(var end=Math.min(rest.length,restAt+n);restAt<end;restAt++){
            var r=rest[restAt],tr=document.createElement("tr"),i;tr.id="t"+r[0];tr.className=r[1];
            for(i=2;i<r.length;i++){var td=document.createElement("td");td.textContent=r[i];tr.appendChild(td);}
            var files=document.createElement("td"),dir=base+encodeURIComponent(r[0])+"/";files.className="files";
            [["config","config.json"],["stdout","stdout.log"],["stderr","stderr.log"],["trial","trial.json"]].forEach(function(l,j){
              var a=document.createElement("a");a.href=dir+l[1];a.textContent=l[0];
              if(j)files.appendChild(document.createTextNode(" "));files.appendChild(a);});
            tr.appendChild(files);f.appendChild(tr);}
          body.appendChild(f);byTrial=null;
        }
        document.querySelectorAll("svg[data-canvas]").forEach(paint);
        // Where each plot landed, and the time to here (load and layout), for the browser tests and the bench.
        document.querySelectorAll("svg.plot").forEach(function(s){var r=s.getBoundingClientRect();
          s.setAttribute("data-box",[r.left+scrollX,r.top+scrollY,r.width,r.height].map(Math.round).join(","));});
        document.body.setAttribute("data-layout-ms",String(Math.round(performance.now())));
        if(!table)return;
        var scroller=table.parentNode;
        scroller.addEventListener("scroll",function(){
          if(scroller.scrollTop+scroller.clientHeight>scroller.scrollHeight-600)addRows(500);});
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
          th.addEventListener("click",function(){
            addRows(Infinity);
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
          addRows(Infinity);
          var q=filter.value.toLowerCase(),n=0;
          Array.prototype.forEach.call(body.rows,function(r){
            var on=!q||r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!on;if(on)n++;});
          shown.textContent=n+" of "+body.rows.length+" trials";
        });
        })();
        """
}
