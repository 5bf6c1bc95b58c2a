/**
 * Runs a built page (dist/*.html) in a real browser with `google.script.run` and `google.script.host`
 * bridged to an emulator over HTTP, with the platform's semantics:
 * - `google.script.run` has one enumerable key per callable server function (as in Apps Script),
 *   each `with…` returns a new runner, calls are asynchronous;
 * - a `Date` anywhere in the arguments makes the call fail (the failure handler gets an Error);
 * - the server side (`Emulator.runFromBrowser`) refuses names ending in `_`; a `Date` in a result makes it null.
 * Used by the browser tests and by the local workbench.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from './api';

/** Client script defining `google.script` in the page; `endpoint` receives POST {fn, args}. */
export function bridgeScript(endpoint: string, functions: readonly string[]): string {
  const names = JSON.stringify(functions.filter((f) => !f.endsWith('_')));
  return `<script>(function(){
var ENDPOINT=${JSON.stringify(endpoint)}, NAMES=${names};
function hasDate(v,seen){
  if(v instanceof Date) return true;
  if(v && typeof v==='object'){ if(seen.indexOf(v)>=0) return false; seen.push(v);
    for(var k in v){ if(Object.prototype.hasOwnProperty.call(v,k) && hasDate(v[k],seen)) return true; } }
  return false;
}
function runner(state){
  var r={};
  r.withSuccessHandler=function(f){return runner({ok:f,fail:state.fail,user:state.user});};
  r.withFailureHandler=function(f){return runner({ok:state.ok,fail:f,user:state.user});};
  r.withUserObject=function(u){return runner({ok:state.ok,fail:state.fail,user:u});};
  Object.defineProperty(r,'withSuccessHandler',{enumerable:false});
  Object.defineProperty(r,'withFailureHandler',{enumerable:false});
  Object.defineProperty(r,'withUserObject',{enumerable:false});
  NAMES.forEach(function(name){
    r[name]=function(){
      var args=Array.prototype.slice.call(arguments);
      var fail=function(e){ if(state.fail) state.fail(e,state.user); else console.error(e); };
      if(hasDate(args,[])){ setTimeout(function(){fail(new Error('Failed due to illegal value in property: 0'));},0); return; }
      var body;
      try{ body=JSON.stringify({fn:name,args:args}); }catch(e){ setTimeout(function(){fail(e);},0); return; }
      window.__bridgePending=(window.__bridgePending||0)+1;
      fetch(ENDPOINT,{method:'POST',headers:{'Content-Type':'application/json'},body:body})
        .then(function(res){return res.json();})
        .then(function(out){
          if(out && out.ok){ if(state.ok) state.ok(out.result,state.user); }
          else { var err=new Error(out && out.error ? out.error : 'Server call failed'); err.name='ScriptError'; fail(err); }
        }, function(e){ fail(e); })
        .then(function(){ window.__bridgePending--; });
    };
  });
  return r;
}
window.google={script:{
  run:runner({}),
  host:{
    close:function(){ try{ window.parent.postMessage({type:'google.script.host.close'},'*'); }catch(e){} window.__hostClosed=true; },
    setHeight:function(){}, setWidth:function(){},
    editor:{focus:function(){}}
  },
  url:{getLocation:function(cb){cb({hash:'',parameter:{},parameters:{}});}}
}};
})();</script>`;
}

/** Inserts the bridge into a page's HTML, before any of the page's own scripts. */
export function injectBridge(html: string, endpoint: string, functions: readonly string[]): string {
  const script = bridgeScript(endpoint, functions);
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + script + html.slice(head.index + head[0].length);
  return script + html;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Handles POST {fn, args} by calling `emulator.runFromBrowser`; answers {ok, result} or {ok:false, error}. */
export async function handleRunRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let out: { ok: boolean; result?: unknown; error?: string };
  try {
    const { fn, args } = JSON.parse(await readBody(req)) as { fn: string; args: unknown[] };
    if (typeof fn !== 'string' || !Array.isArray(args)) throw new Error('Bad request');
    const result = emulator.runFromBrowser(fn, ...args);
    out = { ok: true, result: result === undefined ? null : result };
  } catch (e) {
    out = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(out));
}
